//! The command line of DESIGN.md: build, check, new, init. Exit status 0 on success,
//! 1 on content errors, 2 on usage errors.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::untrusted::visible;
use crate::{BuildOptions, Diagnostics, display_path};

#[derive(Parser, Debug)]
#[command(
    name = "prongsai",
    // `prongsai 0.1.0 (abc1234 2026-12-06)`: the commit and its date (build.rs).
    version = env!("PRONGSAI_VERSION"),
    about = "เว็บไซต์เปิดเผยข้อมูลสาธารณะของ อปท. แบบ static site / the public-information portal of a Thai local government, as a static site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (or --output); the old output stays until the new one is complete.
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long = "base-url")]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
    },
    /// Check every record, reference and template; write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Add the ITA report: every OIT item with the URLs that serve it (docs/ita.md);
        /// exit 1 when an item is missing or served only outside its fiscal year.
        #[arg(long)]
        oit: bool,
        /// The ITA year (BE, e.g. 2568) of the report; default: the year /ita/ shows.
        #[arg(long, requires = "oit")]
        year: Option<i32>,
    },
    /// Build, serve on 127.0.0.1, rebuild on every save and reload the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; only 127.0.0.1 unless you ask for another.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new record file from the kind's template.
    New {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// page, news, announcement, procurement, report, complaints, person, service, plan, project
        kind: String,
        title: String,
        /// A project: the folder of its plan (required). A plan: the folder to create
        /// (optional; default: from the title).
        #[arg(long)]
        plan: Option<String>,
        /// Procurement: the stage (plan, invitation, median-price, winner, contract,
        /// inspection, cancellation); left for you to fill when not given.
        #[arg(long)]
        stage: Option<String>,
        /// Procurement: the method (e-bidding, e-market, selection, specific).
        #[arg(long)]
        method: Option<String>,
        /// Procurement: the item, shared by every notice of one procurement (default: the title
        /// without its stage's words).
        #[arg(long)]
        item: Option<String>,
    },
    /// Start a new site in DIR.
    Init { dir: PathBuf },
    /// Publish the last complete build to [deploy] url of site.toml, sending only what changed
    /// (docs/deploy.md); the password from PRONGSAI_DEPLOY_PASSWORD or a prompt.
    Deploy {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List what would be uploaded and deleted; send nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
        /// Ask nothing (for scripts): the password must be in PRONGSAI_DEPLOY_PASSWORD.
        #[arg(long)]
        yes: bool,
    },
    /// Import procurement records from e-GP data (docs/import.md).
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
}

/// What `import` reads.
#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// The e-GP feed, data.go.th contract CSV/JSON or govspending cgdcontract JSON, from files or URLs.
    Egp {
        /// Files or http(s) URLs.
        #[arg(required = true)]
        sources: Vec<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Keep only this agency's rows (its e-GP department code, or its name as the data writes it).
        #[arg(long)]
        dept: Option<String>,
        /// Print what would be written; write nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
        /// The sources' format; default: told from the content.
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
        /// Seconds a URL may take before the import gives up.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    Rss,
    Csv,
    Json,
}

fn report(diags: &Diagnostics) {
    eprintln!("{diags}");
}

/// Run the program; returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
            };
            match crate::build(&opts) {
                Ok(r) => {
                    println!(
                        "สร้างเว็บไซต์เสร็จ / built: {} records, {} pages, {} other files → {} in {} ms",
                        r.records,
                        r.pages,
                        r.files,
                        display_path(&r.output),
                        r.millis
                    );
                    println!(
                        "ไฟล์ที่เปลี่ยน / files written: {}, ไม่เปลี่ยน / unchanged: {}",
                        r.rewritten, r.unchanged
                    );
                    0
                }
                Err(d) => {
                    report(&d);
                    eprintln!(
                        "ไม่ได้เขียนผลลัพธ์ เว็บไซต์เดิมยังอยู่ครบ / nothing was written; the previous site is unchanged"
                    );
                    1
                }
            }
        }
        Command::Check {
            root,
            drafts,
            format,
            oit,
            year,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                ..Default::default()
            };
            let result = crate::check(&opts);
            let ita = match (&result, oit) {
                (Ok(site), true) => Some(crate::check_oit(site, year)),
                _ => None,
            };
            match format {
                Format::Json => {
                    let problems = result
                        .as_ref()
                        .err()
                        .map(|d| d.0.clone())
                        .unwrap_or_default();
                    let records = result.as_ref().map(|s| s.records.len()).unwrap_or(0);
                    let mut v = serde_json::json!({ "ok": problems.is_empty(), "records": records, "problems": problems });
                    if let Some(r) = &ita {
                        v["ok"] =
                            serde_json::json!(problems.is_empty() && matches!(r, Ok(m) if m.ok()));
                        v["ita"] = r
                            .as_ref()
                            .map_or_else(|e| e.to_json(), crate::ita::report::to_json);
                    }
                    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                }
                Format::Text => match &result {
                    Ok(s) => println!("ตรวจแล้วไม่พบปัญหา / no problems: {} records", s.records.len()),
                    Err(d) => report(d),
                },
            }
            match (format, &ita) {
                (Format::Text, Some(Ok(m))) => {
                    print!("\n{}", visible(&crate::ita::report::text(m)))
                }
                (Format::Text, Some(Err(e))) => eprintln!("{}", visible(&e.message())),
                _ => {}
            }
            match &ita {
                Some(Err(e)) => e.exit_code(),
                Some(Ok(m)) if !m.ok() => 1,
                _ => i32::from(result.is_err()),
            }
        }
        Command::Serve {
            root,
            output,
            port,
            bind,
            open,
            drafts,
        } => crate::serve::serve(crate::serve::ServeOptions {
            root,
            output,
            port,
            bind,
            open,
            drafts,
        }),
        Command::New {
            root,
            kind,
            title,
            plan,
            stage,
            method,
            item,
        } => match crate::scaffold::new_record(
            &root,
            &crate::scaffold::NewArgs {
                kind: &kind,
                title: &title,
                plan: plan.as_deref(),
                stage: stage.as_deref(),
                method: method.as_deref(),
                item: item.as_deref(),
            },
        ) {
            Ok(path) => {
                println!(
                    "ต่อไป: กรอกช่องที่เขียนว่า \"<กรอก…>\" แล้วรัน prongsai check / next: fill in every \"<กรอก…>\", then run prongsai check"
                );
                // Last, so that the last word of the output is the file (scripts use it).
                println!("สร้างไฟล์ / created {}", display_path(&path));
                0
            }
            Err((code, msg)) => {
                eprintln!("{}", visible(&msg));
                code
            }
        },
        Command::Import {
            what:
                ImportCommand::Egp {
                    sources,
                    root,
                    dept,
                    dry_run,
                    format,
                    timeout,
                },
        } => {
            let opts = crate::import::ImportOptions {
                root,
                sources,
                dept,
                dry_run,
                format: format.map(|f| match f {
                    ImportFormat::Rss => crate::import::Format::Rss,
                    ImportFormat::Csv => crate::import::Format::Csv,
                    ImportFormat::Json => crate::import::Format::Json,
                }),
                timeout: std::time::Duration::from_secs(timeout.max(1)),
            };
            match crate::import::run(&opts) {
                Ok(r) => {
                    print!("{}", crate::import::describe(&r, dry_run));
                    0
                }
                Err(d) => {
                    report(&d);
                    eprintln!("ไม่ได้เขียนไฟล์ใด / nothing was written");
                    1
                }
            }
        }
        Command::Deploy { root, dry_run, yes } => {
            crate::deploy::run(&crate::deploy::DeployOptions { root, dry_run, yes })
        }
        Command::Init { dir } => match crate::scaffold::init(&dir) {
            Ok(()) => {
                println!(
                    "สร้างเว็บไซต์ใหม่ที่ / new site in {}\nต่อไป / next: prongsai build --root {}",
                    display_path(&dir),
                    display_path(&dir)
                );
                0
            }
            Err((code, msg)) => {
                eprintln!("{}", visible(&msg));
                code
            }
        },
    }
}
