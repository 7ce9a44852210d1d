//! `file:///mnt/share/site`: a folder on this machine (a mounted share, a USB stick).

use std::path::PathBuf;

use super::{Found, Host, HostError, part_name};

pub struct FileHost {
    base: PathBuf,
}

impl FileHost {
    /// The folder must exist (a missing mount point should not be filled by mistake).
    pub fn open(path: &str) -> Result<FileHost, HostError> {
        let base = PathBuf::from(path);
        match std::fs::metadata(&base) {
            Ok(m) if m.is_dir() => Ok(FileHost { base }),
            Ok(_) => Err(HostError::new(
                super::Failure::Other,
                format!("{path} is not a folder"),
            )),
            Err(e) => Err(HostError::io(&e)),
        }
    }
}

impl Host for FileHost {
    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, HostError> {
        match std::fs::read(self.base.join(rel)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(HostError::io(&e)),
        }
    }

    fn list(&mut self, rel: &str) -> Result<Option<Vec<Found>>, HostError> {
        let rd = match std::fs::read_dir(self.base.join(rel)) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(HostError::io(&e)),
        };
        let mut out = Vec::new();
        for e in rd.flatten() {
            let Ok(m) = e.metadata() else { continue };
            out.push(Found {
                name: e.file_name().to_string_lossy().into_owned(),
                is_dir: m.is_dir(),
                size: m.len(),
            });
        }
        Ok(Some(out))
    }

    fn mkdir(&mut self, rel: &str) -> Result<(), HostError> {
        match std::fs::create_dir(self.base.join(rel)) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(HostError::io(&e)),
            _ => Ok(()),
        }
    }

    fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<(), HostError> {
        let part = self.base.join(part_name(rel));
        let dest = self.base.join(rel);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&part)?;
            f.write_all(bytes)?;
            // On the share before the rename, so a power cut never leaves an empty page.
            f.sync_all()?;
            std::fs::rename(&part, &dest)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&part);
            HostError::io(&e)
        })
    }

    fn delete(&mut self, rel: &str) -> Result<(), HostError> {
        match std::fs::remove_file(self.base.join(rel)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(HostError::io(&e)),
            _ => Ok(()),
        }
    }

    fn rmdir(&mut self, rel: &str) -> Result<(), HostError> {
        std::fs::remove_dir(self.base.join(rel)).map_err(|e| HostError::io(&e))
    }
}
