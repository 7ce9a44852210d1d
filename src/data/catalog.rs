//! `/data/catalog.json`: the datasets described in DCAT as JSON (the `data.json` layout of
//! DCAT-US 1.1 / Project Open Data, which CKAN's `dcat_json` harvester reads), so that a data
//! portal such as data.go.th can harvest the site's open data.

use serde_json::{Value, json};

use crate::site::Site;

use super::Dataset;

/// The catalogue as JSON bytes; the files of `sets` give the distributions and their sizes.
pub fn catalog(site: &Site, sets: &[Dataset]) -> Vec<u8> {
    let cfg = &site.config;
    let org = &cfg.site.title;
    let publisher = json!({ "@type": "org:Organization", "name": org });
    let mut contact = json!({ "@type": "vcard:Contact", "fn": org });
    if !cfg.site.contact.email.trim().is_empty() {
        contact["hasEmail"] = json!(format!("mailto:{}", cfg.site.contact.email.trim()));
    }
    let data_page = cfg.permalink("data/");
    let datasets: Vec<Value> = sets
        .iter()
        .map(|d| {
            let distribution: Vec<Value> = d
                .files()
                .map(|f| {
                    json!({
                        "@type": "dcat:Distribution",
                        "title": format!("{} ({})", d.title, f.format),
                        "downloadURL": cfg.permalink(&format!("data/{}", f.name)),
                        "mediaType": f.media_type,
                        "format": f.format,
                        "byteSize": f.bytes.len(),
                    })
                })
                .collect();
            let mut ds = json!({
                "@type": "dcat:Dataset",
                "identifier": format!("{data_page}#{}", d.id),
                "title": format!("{} — {org}", d.title),
                "description": d.description,
                "keyword": d.keywords,
                "publisher": publisher,
                "contactPoint": contact,
                "accessLevel": "public",
                "language": ["th"],
                "landingPage": cfg.permalink(&d.landing),
                "distribution": distribution,
            });
            if let Some(m) = d.modified {
                ds["modified"] = json!(m.iso());
            }
            ds
        })
        .collect();
    let description = if cfg.site.description.trim().is_empty() {
        format!("ข้อมูลเปิดของ{org}")
    } else {
        cfg.site.description.clone()
    };
    let doc = json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": cfg.permalink("data/catalog.json"),
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "title": format!("ข้อมูลเปิดของ{org}"),
        "description": description,
        "homepage": cfg.permalink(""),
        "publisher": publisher,
        "language": ["th"],
        "dataset": datasets,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
