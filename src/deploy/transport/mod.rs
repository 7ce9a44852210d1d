//! The hosts a deploy speaks to, one file per protocol, behind one small trait. Paths given to a
//! transport are relative to the site's folder on the host and `/`-separated.

use std::fmt;

mod file;
mod ftp;
mod sftp;

pub use file::FileHost;
pub use ftp::FtpHost;
pub use sftp::SftpHost;

/// What went wrong on the host, by the hint an officer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Wrong user, password, key or passphrase.
    Login,
    /// The host refuses to write or delete there.
    Permission,
    /// No space left (or the account's quota reached).
    Full,
    /// The host cannot be reached, or the connection broke.
    Network,
    /// The host's identity (SSH host key, TLS certificate) could not be trusted.
    Identity,
    Other,
}

/// An error of a transport: its kind and the host's or library's own words.
#[derive(Debug, Clone)]
pub struct HostError {
    pub failure: Failure,
    pub detail: String,
}

impl HostError {
    pub fn new(failure: Failure, detail: impl Into<String>) -> HostError {
        HostError {
            failure,
            detail: detail.into(),
        }
    }

    /// From a local I/O error (file:// targets, sockets).
    pub fn io(e: &std::io::Error) -> HostError {
        use std::io::ErrorKind as K;
        // A socket read or write timeout shows as WouldBlock on Unix ("Resource temporarily
        // unavailable"), which tells an officer nothing.
        if matches!(e.kind(), K::WouldBlock | K::TimedOut) {
            return HostError::new(
                Failure::Network,
                format!("the host stopped answering (timed out: {e})"),
            );
        }
        let failure = match e.kind() {
            K::PermissionDenied | K::ReadOnlyFilesystem => Failure::Permission,
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => Failure::Full,
            K::ConnectionRefused
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::NotConnected
            | K::TimedOut
            | K::BrokenPipe
            | K::UnexpectedEof
            | K::HostUnreachable
            | K::NetworkUnreachable => Failure::Network,
            _ => Failure::Other,
        };
        HostError::new(failure, e.to_string())
    }

    /// Guess the kind from a server's reply text (FTP and SFTP servers say it in words).
    pub fn from_reply(default: Failure, text: &str) -> HostError {
        let t = text.to_ascii_lowercase();
        let failure = if t.contains("no space")
            || t.contains("disk full")
            || t.contains("quota")
            || t.contains("552")
            || t.contains("452")
        {
            Failure::Full
        } else if t.contains("permission")
            || t.contains("denied")
            || t.contains("read-only")
            || t.contains("not allowed")
        {
            Failure::Permission
        } else {
            default
        };
        HostError::new(failure, text.trim())
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

/// A file found by listing a folder of the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub is_dir: bool,
    pub size: u64,
}

/// One host: connected and logged in when made.
pub trait Host {
    /// The bytes of a file, `None` when it does not exist.
    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, HostError>;
    /// The entries of a folder (`""`: the site's folder), `None` when it does not exist.
    fn list(&mut self, rel: &str) -> Result<Option<Vec<Found>>, HostError>;
    /// Make a folder; a folder that already exists is no error.
    fn mkdir(&mut self, rel: &str) -> Result<(), HostError>;
    /// Write a file: under a temporary name first, then renamed over the old one where the
    /// protocol allows, so a visitor never gets half a page.
    fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<(), HostError>;
    /// Delete a file; a file already gone is no error.
    fn delete(&mut self, rel: &str) -> Result<(), HostError>;
    /// Delete an empty folder (errors are ignored by the caller: it may hold the host's files).
    fn rmdir(&mut self, rel: &str) -> Result<(), HostError>;
}

/// The temporary name a file is uploaded under before it is renamed into place.
pub fn part_name(rel: &str) -> String {
    match rel.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/.{name}.prongsai-part"),
        None => format!(".{rel}.prongsai-part"),
    }
}

/// `base/rel` for hosts that take paths (an empty base: the login folder).
pub fn join(base: &str, rel: &str) -> String {
    match (base, rel) {
        ("", r) => r.to_string(),
        (b, "") => b.to_string(),
        ("/", r) => format!("/{r}"),
        (b, r) => format!("{b}/{r}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(part_name("a/b/index.html"), "a/b/.index.html.prongsai-part");
        assert_eq!(part_name("index.html"), ".index.html.prongsai-part");
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/srv/www", "a/b"), "/srv/www/a/b");
        assert_eq!(join("/srv/www", ""), "/srv/www");
    }

    #[test]
    fn replies_name_the_cause() {
        let e = HostError::from_reply(
            Failure::Other,
            "553 Can't open that file: Permission denied",
        );
        assert_eq!(e.failure, Failure::Permission);
        let e = HostError::from_reply(Failure::Other, "452 No space left on device");
        assert_eq!(e.failure, Failure::Full);
    }
}
