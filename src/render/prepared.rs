//! What a renderer needs besides the site: the theme's files, its templates parsed by Tera and
//! the OIT catalogues. Made once per build; `serve` keeps it between saves of records and makes
//! it again only when the theme or `site.toml` changes (parsing the templates and reading the
//! catalogues was a fifth of a one-record rebuild at 10,000 records).

use std::collections::BTreeMap;

use tera::Tera;

use super::{filters, template_error};
use crate::config::Config;
use crate::config::theme::ThemeFile;
use crate::error::{Diagnostic, Diagnostics};
use crate::ita::Catalogues;

pub struct Prepared {
    pub(super) tera: Tera,
    pub theme: BTreeMap<String, ThemeFile>,
    pub(super) ita: Catalogues,
    /// Which ITA rule lines each record matches and the last map of each year, kept with the
    /// catalogues they were made from (`serve` matches only the records a save changed, and
    /// keeps a map whose sources did not change).
    pub(super) ita_kept: crate::ita::Kept,
}

impl Prepared {
    /// Parse the templates of `theme` and read the catalogues; every problem at once.
    pub fn new(config: &Config, theme: BTreeMap<String, ThemeFile>) -> Result<Self, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        filters::register(&mut tera, config.site.digits, &config.base_path);
        let mut diags = Diagnostics::default();
        let mut templates = Vec::new();
        for (name, file) in &theme {
            let Some(tpl) = name.strip_prefix("templates/") else {
                continue;
            };
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => templates.push((tpl.to_string(), text.to_string())),
                Err(_) => diags.push(Diagnostic::file(
                    &file.origin,
                    "แม่แบบไม่ได้เข้ารหัสแบบ UTF-8",
                    "the template is not UTF-8 text",
                    "บันทึกไฟล์ใหม่เป็น UTF-8 / save the file as UTF-8",
                )),
            }
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(template_error(&theme, &e));
        }
        let ita = Catalogues::load(&config.root, &theme).unwrap_or_else(|d| {
            diags.extend(d);
            Default::default()
        });
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(Prepared {
            tera,
            theme,
            ita,
            ita_kept: Default::default(),
        })
    }
}
