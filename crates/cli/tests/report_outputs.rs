//! `turnus report`'s file outputs: CSV and HTML written with `-o`, and the HTML page rendered in
//! headless Chromium (a screenshot that shows the charts, and the DOM Chromium built with every
//! chart drawing data).
//!
//! The browser test needs Debian's `chromium` (or `chromium-browser`, or `$CHROMIUM`); it fails,
//! never skips, without one: `scripts/setup.sh` installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{repo, text, turnus};

const SCENARIO: &str = "fixtures/nursing_home/scenario.json";
const ROTA: &str = "fixtures/nursing_home/rota.json";

/// A fresh directory for one test (the test removes it when it passes).
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("turnus-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

/// The nursing-home fixture, loaded: for the expected counts.
fn fixture() -> (turnus_core::Scenario, turnus_core::Rota) {
    let read = |p: &str| std::fs::read_to_string(repo().join(p)).expect("the fixture");
    let sc = turnus_core::Scenario::from_json(&read(SCENARIO)).expect("the scenario loads");
    let rota = turnus_core::Rota::from_json(&sc, &read(ROTA)).expect("the rota loads");
    (sc, rota)
}

/// Writes the fixture's report in `format` to `dir/name` with `-o` and returns the path.
fn report_to_file(format: &str, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let o = turnus(&[
        "report",
        "--format",
        format,
        SCENARIO,
        ROTA,
        "-o",
        path.to_str().expect("a UTF-8 temp path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty(), "-o writes nothing to stdout");
    path
}

mod formats {
    use super::*;

    #[test]
    fn csv_has_a_row_per_worked_shift() {
        let (_, rota) = fixture();
        let o = turnus(&["report", "--format", "csv", SCENARIO, ROTA]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert!(lines[0].starts_with("staff,name,kind,competence,position_pct,day,date,"));
        let worked = rota.cells.iter().flatten().flatten().count();
        assert_eq!(lines.len() - 1, worked);
        // Gunn's Friday night runs into the weekend window at Saturday 00:00: 7.75 of its 10
        // clock hours, paid pro rata (9.5 paid hours).
        let friday_night =
            "gunn,Gunn Solberg,person,nurse,62.4,4,,1,Fri,false,,N,21:45,07:45,true,9.5,7.8375,\
             true,7.3625";
        assert_eq!(lines[1], friday_night);
        // The same with -o.
        let dir = temp_dir("report-csv");
        let path = report_to_file("csv", &dir, "rota.csv");
        assert_eq!(std::fs::read_to_string(path).unwrap(), out);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn html_goes_to_the_file() {
        let dir = temp_dir("report-html");
        let path = report_to_file("html", &dir, "report.html");
        let page = std::fs::read_to_string(path).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<h1>Fjellro sykehjem, avdeling 2</h1>"));
        assert!(page.trim_end().ends_with("</html>"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_that_cannot_be_written_exits_2() {
        let o = turnus(&[
            "report",
            "--format",
            "html",
            SCENARIO,
            ROTA,
            "-o",
            "/nonexistent-dir/report.html",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = text(&o.stderr);
        assert!(
            err.starts_with("error: /nonexistent-dir/report.html: cannot write"),
            "{err}"
        );
    }

    #[test]
    fn help_shows_an_example_for_every_format() {
        let o = turnus(&["report", "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let help = text(&o.stdout);
        for example in [
            "turnus report fixtures/nursing_home/scenario.json",
            "--format csv scenario.json rota.json -o rota.csv",
            "--format json scenario.json rota.json > report.json",
            "--format html scenario.json rota.json -o report.html",
        ] {
            assert!(help.contains(example), "no `{example}` in:\n{help}");
        }
        let o = turnus(&["report", "--format", "pdf", SCENARIO, ROTA]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o.stderr).contains("text, csv, json, html"));
    }
}

mod browser {
    use super::*;

    /// `$CHROMIUM` (a path or a name on `PATH`), else `chromium` or `chromium-browser` on
    /// `PATH`: the order `scripts/setup.sh` looks in.
    fn chromium() -> PathBuf {
        let explicit = std::env::var_os("CHROMIUM").filter(|c| !c.is_empty());
        let names: Vec<std::ffi::OsString> = explicit
            .into_iter()
            .chain(["chromium".into(), "chromium-browser".into()])
            .collect();
        let path = std::env::var_os("PATH").unwrap_or_default();
        for name in &names {
            let direct = PathBuf::from(name);
            if direct.components().count() > 1 && direct.is_file() {
                return direct;
            }
            for dir in std::env::split_paths(&path) {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return candidate;
                }
            }
        }
        panic!(
            "no headless Chromium (chromium, chromium-browser or $CHROMIUM) found: run \
             scripts/setup.sh to install it"
        );
    }

    /// Runs Chromium headless on `page` with `args`, in a profile of its own, and returns its
    /// standard output; fails after two minutes.
    fn run_chromium(page: &Path, profile: &Path, args: &[&str]) -> String {
        let mut child = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(args)
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("Chromium starts");
        // Read the output on other threads so a full pipe cannot stall Chromium.
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
        });
        let err = std::thread::spawn(move || {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut stderr, &mut s).map(|_| s)
        });
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for Chromium") {
                break status;
            }
            if start.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                panic!("Chromium did not finish within 120 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let out = out.join().unwrap().expect("Chromium's stdout");
        let err = err.join().unwrap().unwrap_or_default();
        assert!(status.success(), "Chromium failed ({status}):\n{err}");
        out
    }

    /// An RGB screenshot: width, height and pixels.
    fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
        let file = std::fs::File::open(path).expect("the screenshot exists");
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
        let info = reader.next_frame(&mut buf).expect("a PNG frame");
        let channels = info.color_type.samples();
        assert!(
            channels >= 3,
            "a colour screenshot, got {:?}",
            info.color_type
        );
        let pixels = buf[..info.buffer_size()]
            .chunks_exact(channels)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        (info.width, info.height, pixels)
    }

    /// The value of attribute `name` in the start tag `tag`.
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        Some(&tag[start..start + len])
    }

    /// The data marks of one `<svg>…</svg>` with a visible size: rectangles wider and taller
    /// than 0, polylines through at least two different points.
    fn drawn_marks(svg: &str) -> usize {
        let num = |tag: &str, a: &str| attr(tag, a).and_then(|v| v.parse::<f64>().ok());
        svg.split('<')
            .filter(|tag| attr(tag, "class") == Some("data"))
            .filter(|tag| {
                if tag.starts_with("rect ") {
                    num(tag, "width").is_some_and(|w| w > 0.0)
                        && num(tag, "height").is_some_and(|h| h > 0.0)
                } else if tag.starts_with("polyline ") {
                    let points: Vec<&str> = attr(tag, "points").unwrap_or("").split(' ').collect();
                    points.iter().any(|p| *p != points[0])
                } else {
                    false
                }
            })
            .count()
    }

    #[test]
    fn the_html_report_renders_its_charts_in_headless_chromium() {
        let (sc, _) = fixture();
        let dir = temp_dir("html-browser");
        let page = report_to_file("html", &dir, "report.html");
        let page = page.canonicalize().unwrap();

        // The screenshot: a real picture, with the competence colours of the chart bars
        // (nurse #4477AA, skilled #66CCEE) filling many pixels.
        let shot = dir.join("report.png");
        run_chromium(
            &page,
            &dir.join("profile-shot"),
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1400,3000",
            ],
        );
        let (w, h, pixels) = decode_png(&shot);
        assert_eq!((w, h), (1400, 3000));
        let mut colours: Vec<[u8; 3]> = pixels.clone();
        colours.sort_unstable();
        colours.dedup();
        assert!(
            colours.len() > 50,
            "{} colours: a blank page?",
            colours.len()
        );
        for (name, rgb) in [
            ("nurse", [0x44, 0x77, 0xAA]),
            ("skilled", [0x66, 0xCC, 0xEE]),
        ] {
            let n = pixels.iter().filter(|p| **p == rgb).count();
            assert!(n > 20_000, "only {n} pixels of the {name} bars");
        }

        // The DOM Chromium built: every chart is there and draws data.
        let dom = run_chromium(&page, &dir.join("profile-dom"), &["--dump-dom"]);
        assert!(
            dom.contains("Fjellro sykehjem, avdeling 2"),
            "no page in:\n{dom}"
        );
        let charts: Vec<&str> = dom
            .split("<svg")
            .skip(1)
            .map(|rest| rest.split("</svg>").next().unwrap_or(""))
            .collect();
        // Per competence level, a weekday and a weekend chart; the position profile; the
        // weekend hours per person.
        assert_eq!(charts.len(), 2 * sc.levels() + 2);
        for chart in &charts {
            let label = attr(chart, "aria-label").unwrap_or("?");
            assert!(drawn_marks(chart) > 0, "nothing drawn in the chart {label}");
        }
        // Kept for a look when the test fails; removed when it passes.
        let _ = std::fs::remove_dir_all(dir);
    }
}
