//! `sftp://` with russh + russh-sftp (pure Rust; a small tokio runtime of one thread drives it).
//! The host key must be in `~/.ssh/known_hosts` (as `ssh` itself asks); a changed key is always
//! refused. Login: the SSH key of `[deploy] key` or ~/.ssh/id_ed25519, id_ecdsa, id_rsa (its
//! passphrase from the password), then the password.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use russh::client::{self, Handle};
use russh::keys::{PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh_sftp::client::SftpSession;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::StatusCode;

use super::{Failure, Found, Host, HostError, join, part_name};

/// How the host key compared with known_hosts (kept by the handler for the error message).
#[derive(Debug, Clone, Default)]
enum KeyCheck {
    #[default]
    NotSeen,
    Known,
    Unknown(String),
    Changed(String),
}

struct Checker {
    host: String,
    port: u16,
    known_hosts: PathBuf,
    result: Arc<std::sync::Mutex<KeyCheck>>,
}

impl client::Handler for Checker {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let PublicKeyOrCertificate::PublicKey { key, .. } = key else {
            return Ok(false);
        };
        let fingerprint = key.fingerprint(russh::keys::HashAlg::Sha256).to_string();
        let check = match russh::keys::check_known_hosts_path(
            &self.host,
            self.port,
            key,
            &self.known_hosts,
        ) {
            Ok(true) => KeyCheck::Known,
            Ok(false) => KeyCheck::Unknown(fingerprint),
            Err(_) => KeyCheck::Changed(fingerprint),
        };
        let ok = matches!(check, KeyCheck::Known);
        if let Ok(mut r) = self.result.lock() {
            *r = check;
        }
        Ok(ok)
    }
}

pub struct SftpHost {
    rt: tokio::runtime::Runtime,
    sftp: SftpSession,
    // Kept so the connection lives as long as the SFTP session.
    _ssh: Handle<Checker>,
    base: String,
}

fn sftp_error(e: SftpError, default: Failure) -> HostError {
    match &e {
        SftpError::Status(s) => match s.status_code {
            StatusCode::PermissionDenied => HostError::new(Failure::Permission, e.to_string()),
            _ => HostError::from_reply(default, &e.to_string()),
        },
        SftpError::Timeout | SftpError::IO(_) => HostError::new(Failure::Network, e.to_string()),
        _ => HostError::from_reply(default, &e.to_string()),
    }
}

fn is_missing(e: &SftpError) -> bool {
    matches!(e, SftpError::Status(s) if s.status_code == StatusCode::NoSuchFile)
}

/// The private keys tried, in order.
fn key_files(key: Option<&Path>) -> Vec<PathBuf> {
    if let Some(k) = key {
        return vec![k.to_path_buf()];
    }
    let Some(home) = std::env::var_os("HOME") else {
        return Vec::new();
    };
    ["id_ed25519", "id_ecdsa", "id_rsa"]
        .iter()
        .map(|n| Path::new(&home).join(".ssh").join(n))
        .filter(|p| p.is_file())
        .collect()
}

impl SftpHost {
    /// Connect, check the host key, log in (keys, then the password), start SFTP.
    /// `password` is asked only when needed (an encrypted key, or password login).
    pub fn open(
        host: &str,
        port: u16,
        user: &str,
        key: Option<&Path>,
        password: &mut dyn FnMut() -> Result<String, HostError>,
        base: &str,
    ) -> Result<SftpHost, HostError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| HostError::io(&e))?;
        let known_hosts = std::env::var_os("HOME")
            .map(|h| Path::new(&h).join(".ssh").join("known_hosts"))
            .unwrap_or_default();
        let result = Arc::new(std::sync::Mutex::new(KeyCheck::NotSeen));
        let checker = Checker {
            host: host.to_string(),
            port,
            known_hosts: known_hosts.clone(),
            result: result.clone(),
        };
        let config = Arc::new(client::Config {
            inactivity_timeout: Some(Duration::from_secs(120)),
            ..Default::default()
        });
        let connect = rt.block_on(async {
            tokio::time::timeout(
                Duration::from_secs(20),
                client::connect(config, (host, port), checker),
            )
            .await
        });
        let mut ssh = match connect {
            Ok(Ok(h)) => h,
            Ok(Err(e)) => {
                let seen = result.lock().map(|r| r.clone()).unwrap_or_default();
                return Err(match seen {
                    KeyCheck::Unknown(fp) => HostError::new(
                        Failure::Identity,
                        format!(
                            "host key {fp} of [{host}]:{port} is not in {}",
                            known_hosts.display()
                        ),
                    ),
                    KeyCheck::Changed(fp) => HostError::new(
                        Failure::Identity,
                        format!(
                            "the host key of [{host}]:{port} CHANGED (now {fp}); {} holds another",
                            known_hosts.display()
                        ),
                    ),
                    _ => HostError::new(Failure::Network, format!("{host}:{port}: {e}")),
                });
            }
            Err(_) => {
                return Err(HostError::new(
                    Failure::Network,
                    format!("{host}:{port}: no answer in 20 s"),
                ));
            }
        };
        let mut logged_in = false;
        let mut last = String::new();
        for file in key_files(key) {
            let secret = match russh::keys::load_secret_key(&file, None) {
                Ok(k) => k,
                Err(russh::keys::Error::KeyIsEncrypted) => {
                    let pass = password()?;
                    russh::keys::load_secret_key(&file, Some(&pass)).map_err(|e| {
                        HostError::new(Failure::Login, format!("{}: {e}", file.display()))
                    })?
                }
                Err(e) => {
                    last = format!("{}: {e}", file.display());
                    continue;
                }
            };
            let hash = rt
                .block_on(ssh.best_supported_rsa_hash())
                .ok()
                .flatten()
                .flatten();
            let auth =
                rt.block_on(ssh.authenticate_publickey(
                    user,
                    PrivateKeyWithHashAlg::new(Arc::new(secret), hash),
                ));
            match auth {
                Ok(r) if r.success() => {
                    logged_in = true;
                    break;
                }
                Ok(_) => last = format!("key {} refused", file.display()),
                Err(e) => return Err(HostError::new(Failure::Network, e.to_string())),
            }
        }
        if !logged_in {
            let pass = password()?;
            match rt.block_on(ssh.authenticate_password(user, pass)) {
                Ok(r) if r.success() => {}
                Ok(_) => {
                    let why = if last.is_empty() {
                        "password refused".to_string()
                    } else {
                        format!("{last}; password refused")
                    };
                    return Err(HostError::new(Failure::Login, why));
                }
                Err(e) => return Err(HostError::new(Failure::Network, e.to_string())),
            }
        }
        let sftp = rt
            .block_on(async {
                let channel = ssh.channel_open_session().await?;
                channel.request_subsystem(true, "sftp").await?;
                Ok::<_, russh::Error>(channel)
            })
            .map_err(|e| HostError::new(Failure::Other, format!("sftp subsystem: {e}")))?;
        let sftp = rt
            .block_on(SftpSession::new(sftp.into_stream()))
            .map_err(|e| sftp_error(e, Failure::Other))?;
        Ok(SftpHost {
            rt,
            sftp,
            _ssh: ssh,
            base: base.to_string(),
        })
    }

    fn path(&self, rel: &str) -> String {
        let p = join(&self.base, rel);
        if p.is_empty() { ".".into() } else { p }
    }
}

impl Host for SftpHost {
    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, HostError> {
        match self.rt.block_on(self.sftp.read(self.path(rel))) {
            Ok(b) => Ok(Some(b)),
            Err(e) if is_missing(&e) => Ok(None),
            Err(e) => Err(sftp_error(e, Failure::Other)),
        }
    }

    fn list(&mut self, rel: &str) -> Result<Option<Vec<Found>>, HostError> {
        match self.rt.block_on(self.sftp.read_dir(self.path(rel))) {
            Ok(rd) => Ok(Some(
                rd.map(|e| {
                    let m = e.metadata();
                    Found {
                        name: e.file_name(),
                        is_dir: m.is_dir(),
                        size: m.size.unwrap_or(0),
                    }
                })
                .filter(|f| f.name != "." && f.name != "..")
                .collect(),
            )),
            Err(e) if is_missing(&e) => Ok(None),
            Err(e) => Err(sftp_error(e, Failure::Other)),
        }
    }

    fn mkdir(&mut self, rel: &str) -> Result<(), HostError> {
        let path = self.path(rel);
        match self.rt.block_on(self.sftp.create_dir(path.clone())) {
            Ok(()) => Ok(()),
            Err(e) => match self.rt.block_on(self.sftp.metadata(path)) {
                Ok(m) if m.is_dir() => Ok(()),
                _ => Err(sftp_error(e, Failure::Other)),
            },
        }
    }

    fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<(), HostError> {
        use tokio::io::AsyncWriteExt;
        let part = self.path(&part_name(rel));
        let dest = self.path(rel);
        let sftp = &self.sftp;
        self.rt
            .block_on(async {
                let mut f = sftp.create(part.clone()).await?;
                f.write_all(bytes).await.map_err(SftpError::from)?;
                f.shutdown().await.map_err(SftpError::from)?;
                // SFTP v3 rename does not replace an existing file: remove it first (the
                // moment without the file is one round trip).
                if sftp.rename(part.clone(), dest.clone()).await.is_err() {
                    let _ = sftp.remove_file(dest.clone()).await;
                    sftp.rename(part.clone(), dest.clone()).await?;
                }
                Ok::<(), SftpError>(())
            })
            .map_err(|e| {
                let _ = self.rt.block_on(self.sftp.remove_file(part.clone()));
                sftp_error(e, Failure::Other)
            })
    }

    fn delete(&mut self, rel: &str) -> Result<(), HostError> {
        match self.rt.block_on(self.sftp.remove_file(self.path(rel))) {
            Ok(()) => Ok(()),
            Err(e) if is_missing(&e) => Ok(()),
            Err(e) => Err(sftp_error(e, Failure::Permission)),
        }
    }

    fn rmdir(&mut self, rel: &str) -> Result<(), HostError> {
        self.rt
            .block_on(self.sftp.remove_dir(self.path(rel)))
            .map_err(|e| sftp_error(e, Failure::Other))
    }
}

impl Drop for SftpHost {
    fn drop(&mut self) {
        let _ = self.rt.block_on(self.sftp.close());
    }
}
