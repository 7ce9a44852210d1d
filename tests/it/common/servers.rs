//! Real servers for the deploy tests, started by the test on 127.0.0.1 on a free port and
//! stopped when dropped: Debian's `pure-ftpd` (FTP and FTPS, a virtual user of its own password
//! file, mapped to the unprivileged `nobody`) and OpenSSH's `sshd` (its own config file and host
//! key in a temp folder, key login of the user running the tests, a passphrase on the key).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const FTP_USER: &str = "tester";
pub const PASSWORD: &str = "รหัส-ลับ-42";

/// Which of `cmds` are not installed (looked up as files, as they live in /usr/sbin).
pub fn missing(cmds: &[&str]) -> Vec<&'static str> {
    let known: &[(&str, &str)] = &[
        ("pure-ftpd", "/usr/sbin/pure-ftpd"),
        ("pure-pw", "/usr/bin/pure-pw"),
        ("sshd", "/usr/sbin/sshd"),
        ("ssh-keygen", "/usr/bin/ssh-keygen"),
        ("openssl", "/usr/bin/openssl"),
    ];
    known
        .iter()
        .filter(|(name, path)| cmds.contains(name) && !Path::new(path).exists())
        .map(|(name, _)| *name)
        .collect()
}

pub(crate) use super::is_root;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_listening(port: u16, child: &mut Child, what: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(15) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited at start: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what} does not listen on 127.0.0.1:{port}");
}

fn sh(cmd: &mut Command) {
    let out = cmd.output().expect("run a setup command");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running server: its child process, port and folders.
pub struct Server {
    child: Child,
    pub port: u16,
    /// The temp folder of its config, keys and the served folder.
    pub dir: tempfile::TempDir,
    /// The folder the deploy writes to (the site's folder on the "host").
    pub www: PathBuf,
    /// For sshd: a HOME for the client with `.ssh/id_ed25519` and `.ssh/known_hosts`.
    pub home: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// pure-ftpd with TLS accepted (`-Y 1`: FTP and explicit FTPS), a virtual user `tester` whose
/// home is `www` (owned by `nobody`, whom permissions do stop). Needs root (to switch to the
/// virtual user's uid).
pub fn pure_ftpd() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).expect("mkdir www");
    chown_nobody(&www);
    // The temp folder must be traversable by `nobody`.
    chmod(dir.path(), 0o755);
    let passwd = dir.path().join("passwd");
    let pdb = dir.path().join("pureftpd.pdb");
    let mut add = Command::new("pure-pw")
        .args(["useradd", FTP_USER, "-u", "nobody", "-g", "nogroup", "-d"])
        .arg(&www)
        .arg("-f")
        .arg(&passwd)
        .arg("-m")
        .arg("-F")
        .arg(&pdb)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("pure-pw");
    {
        use std::io::Write;
        let mut stdin = add.stdin.take().expect("stdin");
        let _ = writeln!(stdin, "{PASSWORD}\n{PASSWORD}");
    }
    assert!(add.wait().expect("pure-pw").success(), "pure-pw useradd");
    // A certificate authority of the test and a certificate for 127.0.0.1 signed by it (the
    // client trusts the authority through PRONGSAI_DEPLOY_CA_FILE).
    let p = |n: &str| dir.path().join(n);
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    sh(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-days",
            "2",
            "-subj",
            "/CN=prongsai test CA",
        ])
        .args(ec)
        .arg("-keyout")
        .arg(p("ca.key"))
        .arg("-out")
        .arg(p("ca.pem")));
    sh(Command::new("openssl")
        .args(["req", "-subj", "/CN=127.0.0.1"])
        .args(ec)
        .arg("-keyout")
        .arg(p("key.pem"))
        .arg("-out")
        .arg(p("leaf.csr")));
    std::fs::write(p("leaf.ext"), "subjectAltName=IP:127.0.0.1\n").expect("ext");
    sh(Command::new("openssl")
        .args(["x509", "-req", "-days", "2", "-CAcreateserial", "-in"])
        .arg(p("leaf.csr"))
        .arg("-CA")
        .arg(p("ca.pem"))
        .arg("-CAkey")
        .arg(p("ca.key"))
        .arg("-extfile")
        .arg(p("leaf.ext"))
        .arg("-out")
        .arg(p("cert.pem")));
    let (key, cert) = (p("key.pem"), p("cert.pem"));
    let both = dir.path().join("pure-ftpd.pem");
    let pem = [
        std::fs::read(&key).expect("key"),
        std::fs::read(&cert).expect("cert"),
    ]
    .concat();
    std::fs::write(&both, pem).expect("pem");
    let port = free_port();
    let mut child = Command::new("pure-ftpd")
        .arg("-S")
        .arg(format!("127.0.0.1,{port}"))
        .arg("-l")
        .arg(format!("puredb:{}", pdb.display()))
        // Authenticated users only, chrooted, no DNS, TLS accepted, its certificate.
        .args(["-E", "-A", "-H", "-Y", "1", "-2"])
        .arg(&both)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pure-ftpd");
    wait_listening(port, &mut child, "pure-ftpd");
    Server {
        child,
        port,
        home: dir.path().to_path_buf(),
        www,
        dir,
    }
}

/// The CA file that makes the FTPS client trust this server.
pub fn ftps_ca(server: &Server) -> PathBuf {
    server.dir.path().join("ca.pem")
}

/// sshd on its own config: the host key and a client key (with the passphrase [`PASSWORD`])
/// made here, the client's `known_hosts` holding the host key, SFTP by `internal-sftp`.
pub fn sshd() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let www = d.join("www");
    std::fs::create_dir_all(&www).expect("mkdir www");
    let home = d.join("home");
    std::fs::create_dir_all(home.join(".ssh")).expect("mkdir .ssh");
    let host_key = d.join("host_key");
    sh(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&host_key));
    let client_key = home.join(".ssh/id_ed25519");
    sh(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", PASSWORD, "-f"])
        .arg(&client_key));
    std::fs::copy(client_key.with_extension("pub"), d.join("authorized_keys"))
        .expect("authorized_keys");
    let port = free_port();
    let host_pub = std::fs::read_to_string(host_key.with_extension("pub")).expect("host pub");
    std::fs::write(
        home.join(".ssh/known_hosts"),
        format!("[127.0.0.1]:{port} {host_pub}"),
    )
    .expect("known_hosts");
    let config = d.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile none\nUsePAM no\n\
             StrictModes no\nAuthorizedKeysFile {}\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n\
             Subsystem sftp internal-sftp\nLogLevel ERROR\n",
            host_key.display(),
            d.join("authorized_keys").display()
        ),
    )
    .expect("sshd_config");
    if is_root() {
        // sshd's privilege separation folder (a package install makes it at boot).
        let _ = std::fs::create_dir_all("/run/sshd");
    }
    let mut child = Command::new("/usr/sbin/sshd")
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sshd");
    wait_listening(port, &mut child, "sshd");
    Server {
        child,
        port,
        www,
        home,
        dir,
    }
}

/// The name of the user running the tests (the SFTP login).
pub fn user_name() -> String {
    Command::new("id")
        .arg("-un")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "root".into())
}

pub fn chown_nobody(path: &Path) {
    sh(Command::new("chown")
        .args(["-R", "nobody:nogroup"])
        .arg(path));
}

pub fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Makes a folder unwritable even for root (`chattr +i`) until dropped.
pub struct Immutable(PathBuf);

impl Immutable {
    pub fn new(path: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}
