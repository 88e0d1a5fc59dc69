"""Bounded behaviour: a question whose answer would not fit in memory, asked under a small
address space, ends at its timeout with an honest cut answer.

    .venv/bin/python benchmarks/bounds.py [--repeat 3] [--quick]

The bundled scenario under Russia's red lines alone has 27,371,520 deals. `zopa deals
--party russia --limit 0 --timeout T --json`, run under `ulimit -v 2097152` (2 GiB), must
end within T + 5 s with `"complete": false`; the output goes through `tail` so that the
harness keeps only its end.
"""

from __future__ import annotations

import shlex

from harness import Config, Row, Target, arguments, config_from, table, timed_child, zopa_command

SECTION = "bounds"
ADDRESS_SPACE_KB = 2 * 1024 * 1024
SLACK = 5.0


def section(config: Config) -> list[Row]:
    timeout = 1.0 if config.quick else 3.0
    zopa = " ".join(shlex.quote(part) for part in zopa_command())
    shell = (
        f"ulimit -v {ADDRESS_SPACE_KB}; "
        f"{zopa} deals --party russia --limit 0 --timeout {timeout:g} --json | tail -c 300"
    )
    stat, child = timed_child(["sh", "-c", shell], config.repeat, 120)
    honest = '"complete": false' in child.stdout and '"timed_out": true' in child.stdout
    bound = Target(timeout + SLACK, True, f"≤ --timeout + {SLACK:g} s")
    return [
        Row(
            SECTION,
            f"`deals --party russia --limit 0 --timeout {timeout:g} --json` under a 2 GiB address space",
            stat,
            ratio=stat.median if honest else None,
            ratio_text=f"{stat.median:.2f} s",
            target=bound if honest else None,
            note="27,371,520 deals; written as found, cut by the timeout: "
            + ('"complete": false, "timed_out": true' if honest else "the document's end did NOT say it was cut"),
        )
    ]


def main() -> None:
    print(table(section(config_from(arguments(__doc__).parse_args()))))


if __name__ == "__main__":
    main()
