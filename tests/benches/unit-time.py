"""Prints the build duration cargo recorded for one unit (the `paygen` library) in its newest
--timings report: rustc's time for the crate alone, without cargo's own start-up and checks."""
import json, re, sys
from pathlib import Path

report = Path(sys.argv[1]) / "cargo-timings" / "cargo-timing.html"
text = report.read_text()
data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
durations = [u["duration"] for u in data if u["name"] == sys.argv[2] and u["duration"] > 0]
print(durations[-1] if durations else "nan")
