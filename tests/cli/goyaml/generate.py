"""Regenerate expected.json: what kubectl's YAML reader (sigs.k8s.io/yaml over go-yaml v2) makes
of each case, from the real Go library. Not run by the tests (there is no Go toolchain in CI);
run it by hand after changing the cases:

    apt-get install golang-go golang-gopkg-yaml.v2-dev golang-k8s-sigs-yaml-dev
    python tests/cli/goyaml/generate.py
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
CONTEXTS = {
    "value": "kind: A\nv: {}\n",
    "value-slow-path": "kind: A\nf: yes\nv: {}\n",
    "key": "kind: A\n{}: v\n",
    "flow": "kind: A\nv: [{}, 1]\n",
    "item": "kind: A\nv:\n- {}\n",
    "tag-int": "kind: A\nv: !!int {}\n",
    "tag-float": "kind: A\nv: !!float {}\n",
    "tag-bool": "kind: A\nv: !!bool {}\n",
    "anchor": "kind: A\nv: &a {}\nw: *a\n",
}
FIXED = [
    "0X10", "0B11", "0O17", "0x1_0", "08", "09", "019", "0_8", "-08", "+_1", "0_x10", ".5_0", "._5", ".5e3_0",
    "1_0.5", "1e1_0", "1.", "1.e5", "+.5", "-.5", "+.nan", "0x", "0b", "0o", "0", "00", "-0", "+0", "0.", ".0", "-0.0",
    "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
    "+9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "1" + "0" * 400,
    "0x" + "f" * 16, "0x" + "f" * 17, "0b" + "1" * 65, "0" * 30 + "1", "-0b11", "-0B11", "+0b11", "0b1_1", "1__0", "_1",
    "1_", "_0e2_", "1e5", "1E5", "1e+5", "1e-5", "1.5e3", "3.0", "1e19", "1e20", "1e21", "1.5e", "1e400", "-1e400",
    ".5e400", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "1:20", "1:20:30", "0o8", "0xg", "0755", "0o755",
    "y", "Y", "n", "N", "yes", "no", "on", "off", "ON", "Off", "true", "False", "~", "null", "NULL", "",
    ".inf", ".Inf", "-.inf", "+.inf", ".nan", ".NaN", "=", "<<", "-", "+", ".", "..", "--1", "+-1",
    "2.0000000000000001", "1.9999999999999999999", "12345678901234567.5", "-0.00000000000000001", "1.5e2", "25e-1",
]
ALPHABET = "0123456789+-._xXoObBeE"


def cases() -> list[str]:
    rng = random.Random(20261122)
    drawn = {"".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 7))) for _ in range(400)}
    return FIXED + sorted(s for s in drawn if s not in FIXED and not s.startswith(("- ", "---", "...")))


def main() -> None:
    scalars = cases()
    documents = [template.format(s) for template in CONTEXTS.values() for s in scalars]
    with tempfile.TemporaryDirectory() as gopath:
        binary = Path(gopath, "oracle")
        source = Path(gopath, "src", "oracle")
        source.mkdir(parents=True)
        shutil.copy(HERE / "oracle.go", source / "main.go")
        env = {**os.environ, "GO111MODULE": "off", "GOPATH": f"{gopath}:/usr/share/gocode"}
        subprocess.run(["go", "build", "-o", str(binary), "oracle"], check=True, env=env, cwd=gopath)
        out = subprocess.run([str(binary)], input=json.dumps(documents).encode(), capture_output=True, check=True).stdout
    results = [None if r in ("ERR", "PANIC") else r for r in json.loads(out)]
    per_context = {name: results[i * len(scalars) : (i + 1) * len(scalars)] for i, name in enumerate(CONTEXTS)}
    expected = {"contexts": CONTEXTS, "scalars": scalars, "kubectl": per_context}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=0, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
