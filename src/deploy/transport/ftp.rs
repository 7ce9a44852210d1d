//! `ftp://` and `ftps://` (explicit TLS, `AUTH TLS`) with suppaftp, passive mode, binary.
//! FTPS checks the host's certificate against the system's roots (and, for a host with its
//! own certificate authority, the PEM file named by `PRONGSAI_DEPLOY_CA_FILE`).

use std::io::Cursor;
use std::net::ToSocketAddrs;
use std::sync::Arc;
use std::time::Duration;

use suppaftp::types::FileType;
use suppaftp::{FtpError, RustlsConnector, RustlsFtpStream, Status};

use super::{Failure, Found, Host, HostError, join, part_name};

/// How long a host may stay silent on the control connection before `deploy` gives up.
const REPLY_WAIT: Duration = Duration::from_secs(60);

/// A PEM file of extra certificate authorities trusted for FTPS.
pub const CA_VAR: &str = "PRONGSAI_DEPLOY_CA_FILE";

pub struct FtpHost {
    ftp: RustlsFtpStream,
    base: String,
}

fn error(e: FtpError, default: Failure) -> HostError {
    match e {
        // rustls reports a certificate it cannot trust as an I/O error of the first read.
        FtpError::ConnectionError(io) if io.to_string().contains("certificate") => {
            HostError::new(Failure::Identity, io.to_string())
        }
        FtpError::ConnectionError(io) => HostError::io(&io),
        FtpError::SecureError(s) => HostError::new(Failure::Identity, s),
        FtpError::UnexpectedResponse(r) => {
            let text = format!(
                "{} {}",
                r.status.code(),
                String::from_utf8_lossy(&r.body).trim()
            );
            match r.status {
                Status::NotLoggedIn | Status::InvalidCredentials => {
                    HostError::new(Failure::Login, text)
                }
                Status::ExceededStorage | Status::RequestedActionNotTaken => {
                    HostError::new(Failure::Full, text)
                }
                _ => HostError::from_reply(default, &text),
            }
        }
        other => HostError::new(default, other.to_string()),
    }
}

fn tls_config() -> Result<Arc<rustls::ClientConfig>, HostError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = std::env::var_os(CA_VAR) {
        let pem = std::fs::read(&path).map_err(|e| HostError::io(&e))?;
        for cert in rustls_pemfile::certs(&mut Cursor::new(pem)).flatten() {
            roots.add(cert).map_err(|e| {
                HostError::new(
                    Failure::Identity,
                    format!("{}: {e}", std::path::Path::new(&path).display()),
                )
            })?;
        }
    }
    // ring has no post-quantum key exchange (aws-lc-rs has, but needs cmake and a C build);
    // FTPS hosts of local governments offer classic groups anyway.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| HostError::new(Failure::Identity, e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

impl FtpHost {
    /// Connect, switch to TLS when `secure`, log in, binary mode.
    pub fn open(
        host: &str,
        port: u16,
        secure: bool,
        user: &str,
        password: &str,
        base: &str,
    ) -> Result<FtpHost, HostError> {
        FtpHost::open_waiting(host, port, secure, user, password, base, REPLY_WAIT)
    }

    /// [`FtpHost::open`], giving up on a host silent for `wait` (the control connection's read
    /// and write timeouts).
    fn open_waiting(
        host: &str,
        port: u16,
        secure: bool,
        user: &str,
        password: &str,
        base: &str,
        wait: Duration,
    ) -> Result<FtpHost, HostError> {
        let addr = (host, port)
            .to_socket_addrs()
            .map_err(|e| HostError::new(Failure::Network, format!("{host}: {e}")))?
            .next()
            .ok_or_else(|| HostError::new(Failure::Network, format!("{host}: no address")))?;
        let mut ftp = RustlsFtpStream::connect_timeout(addr, Duration::from_secs(20))
            .map_err(|e| error(e, Failure::Network))?;
        {
            // Without these a host that stops answering (a full disk, a stalled NAT) leaves
            // `deploy` waiting forever; with them it stops with an error and resumes next time.
            let control = ftp.get_ref();
            control
                .set_read_timeout(Some(wait))
                .and_then(|()| control.set_write_timeout(Some(wait)))
                .map_err(|e| HostError::io(&e))?;
        }
        if secure {
            let connector = RustlsConnector::from(tls_config()?);
            ftp = ftp
                .into_secure(connector, host)
                .map_err(|e| error(e, Failure::Identity))?;
        }
        ftp.login(user, password)
            .map_err(|e| error(e, Failure::Login))?;
        ftp.transfer_type(FileType::Binary)
            .map_err(|e| error(e, Failure::Other))?;
        Ok(FtpHost {
            ftp,
            base: base.to_string(),
        })
    }

    fn path(&self, rel: &str) -> String {
        join(&self.base, rel)
    }
}

impl Host for FtpHost {
    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, HostError> {
        match self.ftp.retr_as_buffer(&self.path(rel)) {
            Ok(c) => Ok(Some(c.into_inner())),
            Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => Ok(None),
            Err(e) => Err(error(e, Failure::Other)),
        }
    }

    fn list(&mut self, rel: &str) -> Result<Option<Vec<Found>>, HostError> {
        let path = self.path(rel);
        let dir = if path.is_empty() {
            None
        } else {
            Some(path.as_str())
        };
        // MLSD is exact (sizes, types); LIST output is parsed as ls(1) prints it.
        let (lines, mlsd) = match self.ftp.mlsd(dir) {
            Ok(l) => (l, true),
            Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => {
                return Ok(None);
            }
            Err(_) => match self.ftp.list(dir) {
                Ok(l) => (l, false),
                Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => {
                    return Ok(None);
                }
                Err(e) => return Err(error(e, Failure::Other)),
            },
        };
        let mut out = Vec::new();
        for line in lines {
            let parsed = if mlsd {
                suppaftp::list::ListParser::parse_mlsd(&line)
            } else {
                suppaftp::list::ListParser::parse_posix(&line)
                    .or_else(|_| suppaftp::list::ListParser::parse_dos(&line))
            };
            let Ok(f) = parsed else { continue };
            if matches!(f.name(), "." | "..") {
                continue;
            }
            out.push(Found {
                name: f.name().to_string(),
                is_dir: f.is_directory(),
                size: f.size() as u64,
            });
        }
        Ok(Some(out))
    }

    fn mkdir(&mut self, rel: &str) -> Result<(), HostError> {
        // An existing folder is a 550 like any refusal: the upload into it tells.
        let _ = self.ftp.mkdir(self.path(rel));
        Ok(())
    }

    fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<(), HostError> {
        let part = self.path(&part_name(rel));
        let dest = self.path(rel);
        self.ftp
            .put_file(&part, &mut Cursor::new(bytes))
            .map_err(|e| error(e, Failure::Other))?;
        if self.ftp.rename(&part, &dest).is_err() {
            // Some servers refuse to rename over an existing file.
            let _ = self.ftp.rm(&dest);
            self.ftp.rename(&part, &dest).map_err(|e| {
                let _ = self.ftp.rm(&part);
                error(e, Failure::Other)
            })?;
        }
        Ok(())
    }

    fn delete(&mut self, rel: &str) -> Result<(), HostError> {
        match self.ftp.rm(self.path(rel)) {
            Ok(()) => Ok(()),
            Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => {
                // Gone already, or refused: tell them apart by asking for its size.
                match self.ftp.size(self.path(rel)) {
                    Err(_) => Ok(()),
                    Ok(_) => Err(error(FtpError::UnexpectedResponse(r), Failure::Permission)),
                }
            }
            Err(e) => Err(error(e, Failure::Other)),
        }
    }

    fn rmdir(&mut self, rel: &str) -> Result<(), HostError> {
        self.ftp
            .rmdir(self.path(rel))
            .map_err(|e| error(e, Failure::Other))
    }
}

impl Drop for FtpHost {
    fn drop(&mut self) {
        let _ = self.ftp.quit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// A host that greets and then never answers: `open` gives up after the wait with a
    /// network error instead of hanging.
    #[test]
    fn a_silent_host_is_given_up() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let _ = s.write_all(b"220 ready\r\n");
                std::thread::sleep(Duration::from_secs(3));
            }
        });
        let started = std::time::Instant::now();
        let wait = Duration::from_millis(300);
        let r = FtpHost::open_waiting("127.0.0.1", port, false, "u", "p", "/", wait);
        let e = r.err();
        assert!(
            e.as_ref().is_some_and(|e| e.failure == Failure::Network),
            "{e:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(3), "{e:?}");
        let _ = server.join();
    }
}
