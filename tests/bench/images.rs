//! Pictures for phones at scale.
//!
//!     cargo bench --bench images                       # 500 photos
//!     GUILDHALL_BENCH_PHOTOS=50 cargo bench --bench images
//!
//! Generates a hub with N 12-megapixel (4000 × 3000) JPEG photos (smooth light, texture and
//! sensor noise, about what a phone writes; kept in target/bench-hubs/photos-N/ between runs),
//! ten per guide, then measures with `/usr/bin/time`:
//! - the first build with an empty cache: wall and CPU time, CPU per photo, peak memory, the bytes
//!   of the photos and of the pictures written;
//! - the same build again with the cache warm, and the build with `[images] enabled = false`
//!   (photos copied as they are), so the difference is what the warm cache adds.
//!
//! Targets: at most 0.5 CPU s per photo for all its copies, peak memory under 1 GB, a warm build
//! at most 1 s slower than one without pictures.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/measure.rs"]
mod measure;
#[path = "common/photo.rs"]
mod photo;

use measure::measure;
use photo::{HEIGHT, WIDTH, photo_jpeg};
const PHOTOS_PER_GUIDE: usize = 10;

fn main() {
    let count: usize = std::env::var("GUILDHALL_BENCH_PHOTOS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let hub = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-hubs")
        .join(format!("photos-{count}"));
    generate(&hub, count);
    let bytes_in = folder_bytes(&hub.join("static"));
    let out = hub.join("public");
    let cache = hub.join(".guildhall");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&cache);
    let build = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_guildhall"));
        command.args(["build", "--root"]).arg(&hub);
        measure(&mut command)
    };
    let cold = build();
    let bytes_out = pictures_bytes(&out);
    let warm = build();
    set_enabled(&hub, false);
    let plain = build();
    set_enabled(&hub, true);
    println!(
        "photos: {count} of {WIDTH} x {HEIGHT} ({:.0} MB in)",
        bytes_in as f64 / 1e6
    );
    println!(
        "first build: {:.2} s wall, {:.2} s CPU, {:.3} CPU s per photo, peak {} MB",
        cold.wall,
        cold.cpu,
        cold.cpu / count as f64,
        cold.peak_mb
    );
    println!(
        "bytes: {:.1} MB of photos in, {:.1} MB of pictures out (every copy and stripped originals)",
        bytes_in as f64 / 1e6,
        bytes_out as f64 / 1e6
    );
    println!(
        "warm rebuild: {:.2} s wall, {:.2} s CPU, peak {} MB",
        warm.wall, warm.cpu, warm.peak_mb
    );
    println!(
        "without pictures: {:.2} s wall, {:.2} s CPU; the warm cache adds {:.2} s wall, {:.2} s CPU",
        plain.wall,
        plain.cpu,
        warm.wall - plain.wall,
        warm.cpu - plain.cpu
    );
}

/// Writes the hub once; a hub already there is kept, and photos written by a run that was
/// stopped are kept too.
fn generate(hub: &Path, count: usize) {
    let marker = hub.join("generated");
    if marker.is_file() {
        return;
    }
    std::fs::create_dir_all(hub.join("static/photos")).unwrap();
    std::fs::create_dir_all(hub.join("content/guides")).unwrap();
    std::fs::write(
        hub.join("guildhall.toml"),
        "title = \"Photo Hub\"\nbase_url = \"https://hub.example/\"\n\n[images]\nenabled = true\n",
    )
    .unwrap();
    std::fs::write(
        hub.join("content/_index.md"),
        "+++\ntitle = \"Photo Hub\"\n+++\n\nPhotos.\n",
    )
    .unwrap();
    std::fs::write(
        hub.join("content/guides/_index.md"),
        "+++\ntitle = \"Guides\"\n+++\n\nEvery guide.\n",
    )
    .unwrap();
    use rayon::prelude::*;
    (0..count).into_par_iter().for_each(|number| {
        let path = hub.join(format!("static/photos/photo-{number:04}.jpg"));
        if path.is_file() {
            return;
        }
        // Renamed into place once whole, so a stopped run leaves no half photo.
        let temporary = path.with_extension("part");
        std::fs::write(&temporary, photo_jpeg(number as u32)).unwrap();
        std::fs::rename(&temporary, &path).unwrap();
    });
    for guide in 0..count.div_ceil(PHOTOS_PER_GUIDE) {
        let mut body = format!(
            "+++\ntitle = \"Project {guide}\"\nlevel = \"beginner\"\n+++\n\nSteps of project {guide}.\n\n"
        );
        for number in guide * PHOTOS_PER_GUIDE..((guide + 1) * PHOTOS_PER_GUIDE).min(count) {
            body.push_str(&format!(
                "![Step {number}](/photos/photo-{number:04}.jpg)\n\n"
            ));
        }
        std::fs::write(
            hub.join(format!("content/guides/project-{guide:03}.md")),
            body,
        )
        .unwrap();
    }
    std::fs::write(marker, "").unwrap();
}

fn set_enabled(hub: &Path, enabled: bool) {
    let path = hub.join("guildhall.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        &format!("enabled = {}", !enabled),
        &format!("enabled = {enabled}"),
    );
    std::fs::write(path, text).unwrap();
}

fn folder_bytes(folder: &Path) -> u64 {
    files(folder)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn pictures_bytes(out: &Path) -> u64 {
    files(out)
        .iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "jpg" || e == "webp" || e == "png")
        })
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn files(folder: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}
