//! CPU time, for the stage timings printed with `PRONGSAI_TRACE` (build, serve, search index)
//! and for the benchmarks: on a busy machine it says what a step cost where wall time does not.

/// CPU time (user and system) of this process so far, in seconds (0 where unknown).
pub fn process_seconds() -> f64 {
    #[cfg(target_os = "linux")]
    return clock_ms(libc::CLOCK_PROCESS_CPUTIME_ID) / 1000.0;
    #[cfg(not(target_os = "linux"))]
    0.0
}

/// Stage laps of a build, printed to stderr when `PRONGSAI_TRACE` is set: wall time since the
/// start and the process CPU time of each stage (CPU above wall means the stage ran in parallel).
pub struct Laps {
    on: bool,
    start: std::time::Instant,
    last: std::sync::Mutex<(f64, f64)>,
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            on: std::env::var_os("PRONGSAI_TRACE").is_some(),
            start: std::time::Instant::now(),
            last: std::sync::Mutex::new((0.0, process_seconds())),
        }
    }

    /// Print the stage that has just ended.
    pub fn lap(&self, what: &str) {
        if !self.on {
            return;
        }
        let (wall, cpu) = (self.start.elapsed().as_secs_f64(), process_seconds());
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let (w0, c0) = std::mem::replace(&mut *last, (wall, cpu));
        eprintln!(
            "  {what}: {:.0} ms wall, {:.0} ms cpu (at {:.0} ms)",
            (wall - w0) * 1000.0,
            (cpu - c0) * 1000.0,
            wall * 1000.0
        );
    }

    /// Print when one of several stages running at once has ended.
    pub fn mark(&self, what: &str) {
        if self.on {
            eprintln!(
                "  ({what} done at {:.0} ms)",
                self.start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

#[cfg(target_os = "linux")]
fn clock_ms(id: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    if unsafe { libc::clock_gettime(id, &mut ts) } == 0 {
        ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
    } else {
        0.0
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn cpu_time_grows_with_work() {
        let p = super::process_seconds();
        let mut x = 0u64;
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_millis(30) {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        assert!(super::process_seconds() > p, "process clock moved");
    }
}
