"""disallow-plaintext-secrets: passwords passed by programs' own options where the option means a
password only for that program or subcommand (``docker login -p``, ``influx setup -p``, ``cqlsh
-p``, ``etcdctl --user user:pass``), HTTPie request items, commands run by ``docker exec``, a Basic
credential encoded by the shell, and name/value pairs in JSON and YAML config files. No message
ever shows the value."""

from __future__ import annotations

import shlex

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod, reported_once, script_pod

from webhook.checks.secrets import commands, programs, wrappers

POLICY = "disallow-plaintext-secrets"


# --- options that take a password for one program or subcommand ----------------------------------


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"docker login -u bot -p {FAKE} registry.example.com", 'passes a password to "docker" (login -p <password>)'),
        (f"docker --config /tmp/docker login -u bot -p{FAKE} registry.example.com", '"docker" (login -p <password>)'),
        (f"podman login -u bot -p {FAKE} quay.io", '"podman" (login -p <password>)'),
        (f"helm registry login -u bot -p {FAKE} registry.example.com", '"helm" (registry login -p <password>)'),
        (f"crane auth login registry.example.com -u bot -p {FAKE}", '"crane" (auth login -p <password>)'),
        (f"influx setup -u admin -p {FAKE} -o acme -b metrics -f", '"influx" (setup -p <password>)'),
        (f"influx bucket list -o acme -t {FAKE}", 'passes a token to "influx" (-t <token>)'),
        (f"etcdctl --user root:{FAKE} get /registry", '"etcdctl" (--user user:password)'),
        (f"etcdctl --user=root:{FAKE} endpoint health", '"etcdctl" (--user user:password)'),
        (f"cqlsh -u cassandra -p {FAKE} cassandra 9042", '"cqlsh" (-p <password>)'),
        (f"nodetool -u cassandra -pw {FAKE} status", '"nodetool" (-pw <password>)'),
        (f"docker exec -i -u root db mysql -uroot -p{FAKE} -e 'select 1'", '"mysql" (-p<password>)'),
        (f"podman exec --env LANG=C cache redis-cli -a {FAKE} ping", '"redis-cli" (-a <password>)'),
        (f"oras push -u bot -p {FAKE} registry.example.com/app:1.0 app.tgz", '"oras" (-p <password>)'),  # every oras command
        (f"notation sign -u bot -p {FAKE} registry.example.com/app@sha256:0f1e", '"notation" (-p <password>)'),  # every notation command
        (f"docker compose exec -T db mysql -uroot -p{FAKE} -e 'select 1'", '"mysql" (-p<password>)'),
        (f"docker compose -f deploy/compose.yaml -p shop exec --index 2 -e LANG=C cache redis-cli -a {FAKE} ping", '"redis-cli" (-a <password>)'),
        (f"docker-compose exec db psql postgresql://app:{FAKE}@localhost/orders", "holds a URL with a password"),
        (f"docker --context prod compose exec db mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),  # docker's own options first
        (f"docker -H tcp://10.0.0.5:2375 exec db mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),
        (f"docker compose run --rm -e LANG=C --name once db mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),
        # the script a shell runs, in another container: docker exec, kubectl exec --
        (f"docker exec db sh -c 'mysql -uroot -p{FAKE} -e \"select 1\"'", '"mysql" (-p<password>)'),
        (f'kubectl exec -n shop web-0 -- bash -c "curl -fsS -u admin:{FAKE} http://localhost:8080/flush"', '"curl" (-u user:password)'),
        # the options of docker exec and compose that take a value: the value is not the container
        (f"docker exec --user root db mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),
        (f"docker exec --detach-keys ctrl-x db mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),
        (f"docker-compose --project-name shop exec db mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),
        # kubectl's global options before exec, as many as written
        (f"kubectl --context prod -n shop exec web-0 -- mysql -uroot -p{FAKE}", '"mysql" (-p<password>)'),
        (f"oc --kubeconfig /etc/kube/config --namespace shop exec -it web-0 -c app -- redis-cli -a {FAKE} ping", '"redis-cli" (-a <password>)'),
        # -c joined to the shell's other options: sh -ec, bash -xc, -euc after -o pipefail
        (f"docker exec db bash -ec 'mysql -uroot -p{FAKE} -e \"select 1\"'", '"mysql" (-p<password>)'),
        (f'kubectl exec web-0 -- sh -xc "redis-cli -a {FAKE} ping"', '"redis-cli" (-a <password>)'),
        (f"docker exec db bash -o pipefail -euc 'curl -u admin:{FAKE} http://localhost/'", '"curl" (-u user:password)'),
    ],
)  # fmt: skip
def test_a_programs_password_option_is_reported(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)


@pytest.mark.parametrize(
    ("argv", "fragment", "at"),
    [
        (["timeout", "-s", "KILL", "30", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 6),
        (["timeout", "--signal", "TERM", "-k", "5s", "30", "redis-cli", "-a", FAKE, "ping"], '"redis-cli" (-a <password>)', 8),
        (["env", "-u", "HOME", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 5),
        (["exec", "-a", "probe", "redis-cli", "-a", FAKE, "ping"], '"redis-cli" (-a <password>)', 5),
        (["stdbuf", "-o", "L", "curl", "-u", f"admin:{FAKE}", "http://localhost/"], '"curl" (-u user:password)', 5),
        (["xargs", "-I", "{}", "sshpass", "-p", FAKE, "ssh", "{}"], '"sshpass" (-p <password>)', 5),
        # sudo and doas run the program after their options (-u USER, -g GROUP, -E, --)
        (["sudo", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 3),
        (["sudo", "-u", "postgres", "-E", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 6),
        (["sudo", "-g", "redis", "--", "redis-cli", "-a", FAKE, "ping"], '"redis-cli" (-a <password>)', 6),
        (["sudo", "--user=www-data", "-p", "pw:", "htpasswd", "-b", "/etc/htpasswd", "admin", FAKE], '"htpasswd" (-b <file> <user> <password>)', 8),
        (["doas", "-u", "app", "curl", "-u", f"admin:{FAKE}", "http://localhost/"], '"curl" (-u user:password)', 5),
        # short options joined, the one taking a value last (in -uE, E is -u's value)
        (["sudo", "-Eu", "postgres", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 5),
        (["timeout", "-vs", "KILL", "30", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 6),
        (["sudo", "-uE", "mysql", "-uroot", f"-p{FAKE}"], '"mysql" (-p<password>)', 4),
    ],
)  # fmt: skip
def test_a_wrapper_options_value_does_not_hide_the_program(argv: list[str], fragment: str, at: int) -> None:
    # a wrapper's option that takes a value (timeout -s KILL): the value is not the program
    assert reported_once(pod([container(command=argv)]), POLICY, fragment).path == f"/spec/containers/0/command/{at}"
    reported_once(script_pod(" ".join(argv)), POLICY, fragment)


# a value free of the words that make an argument read as a script (pass, login, --...): only
# env -S's command line being split finds it
QUIET = "k9-not-a-real-secret"


def _judged_everywhere(argv: list[str], fragment: str, at: int) -> None:
    """``argv`` as a container's command, as a line of its ``sh -c`` script and as an exec probe:
    one finding each, at the argument ``at`` (the script's, for the script), QUIET never shown."""
    probe = container(command=["sleep", "infinity"])
    probe["readinessProbe"] = {"exec": {"command": argv}}
    for obj, path in ((pod([container(command=argv)]), f"/spec/containers/0/command/{at}"),
                      (script_pod(" ".join(f"'{word}'" if " " in word else word for word in argv)), "/spec/containers/0/args/0"),
                      (pod([probe]), f"/spec/containers/0/readinessProbe/exec/command/{at}")):
        decision = decide(obj)
        (finding,) = [f for f in decision.findings if f.policy == POLICY]
        assert fragment in finding.message and finding.path == path, finding.message
        assert QUIET not in everything_shown(decision)


@pytest.mark.parametrize(
    ("argv", "fragment", "at"),
    [
        (["env", "-S", f"oras push -u bot -p {QUIET} registry.example.com/app:1.0 app.tgz"], '"oras" (-p <password>)', 2),
        (["/usr/bin/env", "-i", f"-Snotation sign -u bot -p {QUIET} registry.example.com/app@sha256:0f1e"], '"notation" (-p <password>)', 2),
        (["env", f"--split-string=oras pull -u bot -p {QUIET} registry.example.com/app:1.0"], '"oras" (-p <password>)', 1),
        (["sudo", "env", "-S", f"mysql -uroot -p{QUIET}"], '"mysql" (-p<password>)', 3),
        # -S joined after env's flags without a value (-i, -v, -0)
        (["env", "-iS", f"oras push -u bot -p {QUIET} registry.example.com/app:1.0 app.tgz"], '"oras" (-p <password>)', 2),
        (["env", f"-ivSoras push -u bot -p {QUIET} registry.example.com/app:1.0 app.tgz"], '"oras" (-p <password>)', 1),
    ],
)  # fmt: skip
def test_the_command_line_env_splits_is_judged(argv: list[str], fragment: str, at: int) -> None:
    # env -S "...": the string is the program and its arguments, split by env; in the command, a
    # script and an exec probe
    _judged_everywhere(argv, fragment, at)


@pytest.mark.parametrize(
    "argv",
    [
        ["env", "-S", "python3 -u app.py --port 8080"],
        ["env", "-S", "node --max-old-space-size=4096 server.js"],
        ["env", "-S", 'mysql -uroot -p"$MYSQL_PWD"'],
        ["env", "-S", "redis-cli -a $(REDIS_PASSWORD) ping"],
        ["env", "-S"],
        ["sudo", "-S", "mysql", "-uroot", "-p"],  # sudo's -S reads sudo's own password from stdin
        ["pacman", "-Syu"],
    ],
)
def test_a_command_line_env_splits_without_a_literal_password_is_not_reported(argv: list[str]) -> None:
    assert findings(pod([container(command=argv)]), POLICY) == []
    assert findings(script_pod(" ".join(f"'{word}'" if " " in word else word for word in argv)), POLICY) == []


@pytest.mark.parametrize(
    ("argv", "at"),
    [
        (["gosu", "app", "mysql", "-uroot", f"-p{QUIET}"], 4),  # official images' entrypoints: exec gosu postgres "$@"
        (["su-exec", "app:app", "mysql", "-uroot", f"-p{QUIET}"], 4),
        (["s6-setuidgid", "app", "mysql", "-uroot", f"-p{QUIET}"], 4),
        (["chroot", "--userspec", "app:app", "/srv", "mysql", "-uroot", f"-p{QUIET}"], 6),
        (["flock", "-w", "10", "/tmp/l", "mysql", "-uroot", f"-p{QUIET}"], 6),
        (["runuser", "-u", "app", "--", "mysql", "-uroot", f"-p{QUIET}"], 6),
        (["setpriv", "--reuid=1000", "--regid", "1000", "--clear-groups", "mysql", "-uroot", f"-p{QUIET}"], 7),
        (["chpst", "-u", "app", "-/", "/srv", "mysql", "-uroot", f"-p{QUIET}"], 7),
        (["taskset", "-c", "0", "mysql", "-uroot", f"-p{QUIET}"], 5),
        (["taskset", "0x3", "mysql", "-uroot", f"-p{QUIET}"], 4),
        (["numactl", "-N", "0", "--membind", "0", "mysql", "-uroot", f"-p{QUIET}"], 7),
        (["ionice", "-c2", "-n", "7", "mysql", "-uroot", f"-p{QUIET}"], 6),
        (["unshare", "-n", "-S", "0", "mysql", "-uroot", f"-p{QUIET}"], 6),
        (["nsenter", "-t", "1", "-n", "--", "mysql", "-uroot", f"-p{QUIET}"], 7),
        (["strace", "-f", "-o", "/tmp/trace", "-e", "trace=network", "mysql", "-uroot", f"-p{QUIET}"], 8),
        (["watch", "-n", "5", "mysql", "-uroot", f"-p{QUIET}"], 5),
        (["exec", "gosu", "1000:1000", "tini", "--", "mysql", "-uroot", f"-p{QUIET}"], 7),
    ],
)  # fmt: skip
def test_a_wrappers_positional_words_do_not_hide_the_program(argv: list[str], at: int) -> None:
    # gosu USER, chroot NEWROOT, flock FILE, taskset MASK: words before the program that are not it
    _judged_everywhere(argv, '"mysql" (-p<password>)', at)


ORAS = f"oras push -u bot -p {QUIET} registry.example.com/app:1.0 app.tgz"  # no word that makes it read as a script


@pytest.mark.parametrize(
    ("argv", "at"),
    [
        (["su", "-", "app", "-c", ORAS], 4),
        (["su", "app", "-s", "/bin/sh", "-c", ORAS], 5),
        (["su", "-c", ORAS, "redis"], 2),
        (["su", "-lc", ORAS, "app"], 2),
        (["su", "app", f"--command={ORAS}"], 2),
        (["runuser", "-l", "app", "-c", ORAS], 4),
        (["flock", "/tmp/l", "-c", ORAS], 3),
        (["flock", "-n", "9", "--command", ORAS], 4),
        (["watch", "-n", "5", ORAS], 3),
        (["sudo", "-u", "root", "su", "-", "app", "-c", ORAS], 7),
    ],
)  # fmt: skip
def test_the_command_line_a_wrapper_gives_a_shell_is_judged(argv: list[str], at: int) -> None:
    # su / runuser / flock -c STRING and watch's command line run with sh -c, as sh -c's script is
    _judged_everywhere(argv, '"oras" (-p <password>)', at)


MYSQL = f"mysql -uroot -p{QUIET} app"


@pytest.mark.parametrize(
    ("argv", "at"),
    [
        (["docker", "exec", "db", "su", "-c", MYSQL], 5),
        (["docker", "exec", "db", "env", f"-S{MYSQL}"], 4),
        (["docker", "exec", "-u", "root", "db", "env", f"--split-string={MYSQL}"], 6),
        (["podman", "exec", "db", "su", "app", f"--command={MYSQL}"], 5),
        (["nerdctl", "exec", "db", "flock", "/tmp/l", "-c", MYSQL], 6),
        (["docker", "compose", "exec", "db", "runuser", "-l", "app", "-c", MYSQL], 8),
        (["docker-compose", "run", "--rm", "db", "env", "-S", MYSQL], 6),
        (["docker", "exec", "db", "watch", "-n", "5", MYSQL], 6),
        (["kubectl", "exec", "p", "--", "docker", "exec", "db", "su", "-c", MYSQL], 9),
        (["sudo", "docker", "exec", "db", "gosu", "app", "env", "-S", MYSQL], 8),
    ],
)  # fmt: skip
def test_the_command_line_a_wrapper_runs_behind_docker_exec_is_judged(argv: list[str], at: int) -> None:
    # docker exec db su -c "mysql -p...": docker was the program, so su -c's string was never split
    # (in a script, nor in the command when no word of it made it read as a script)
    _judged_everywhere(argv, '"mysql" (-p<password>)', at)


@pytest.mark.parametrize(
    ("argv", "at"),
    [
        (["watch", "-n", "5", "echo", f"a; mysql -uroot -p{QUIET}"], 3),
        (["watch", "-n", "5", "date;", "mysql", "-uroot", f"-p{QUIET}"], 3),
        (["watch", "-n", "5", "date", "&&", "mysql", "-uroot", f"-p{QUIET}"], 3),
        (["watch", "-n", "5", "mysql", f"-uroot -p{QUIET}"], 3),  # sh splits the word: -p is mysql's own
        (["watch", "-n", "5", "sh", "-c", f"date; mysql -uroot -p{QUIET}"], 3),  # sh -c runs date, the outer sh mysql
        (["docker", "exec", "db", "watch", "-n", "5", "date;", "mysql", "-uroot", f"-p{QUIET}"], 6),
    ],
)  # fmt: skip
def test_the_whole_command_line_watch_joins_is_judged(argv: list[str], at: int) -> None:
    # watch joins all its words into one line for sh -c: watch -n 5 echo 'a; mysql -p...' runs
    # mysql, but echo was the program and the words after it were judged as its arguments
    _judged_everywhere(argv, '"mysql" (-p<password>)', at)


@pytest.mark.parametrize(
    ("argv", "fragment", "at"),
    [
        (["watch", "-x", "sh", "-c", f"mysql -uroot -p{QUIET}"], '"mysql" (-p<password>)', 4),
        (["watch", "-n", "5", "--exec", "sh", "-c", f"date; mysql -uroot -p{QUIET}"], '"mysql" (-p<password>)', 6),
        (["watch", "-tx", "bash", "-c", f"mysql -uroot -p{QUIET} -e 'select 1'"], '"mysql" (-p<password>)', 4),
        (["watch", "-x", "mysql", "-uroot", f"-p{QUIET}", "-e", "select 1; select 2"], '"mysql" (-p<password>)', 4),
        (["watch", "--exec", "psql", "-c", "select 1; select 2", f"postgres://app:{QUIET}@db/shop"], "a URL with a password", 5),
    ],
)  # fmt: skip
def test_watch_exec_runs_its_words_as_they_are(argv: list[str], fragment: str, at: int) -> None:
    # watch -x (--exec) runs its words directly, no sh -c: a word holding a space or a ";" is an
    # argument (sh -c's script, psql's query), and the secrets its words pass are judged as argv
    _judged_everywhere(argv, fragment, at)


@pytest.mark.parametrize(
    ("argv", "at"),
    [
        (["watch", "sh", "-c", f"mysql -uroot -p{QUIET}"], 3),
        (["watch", "-n", "5", "sh", "-c", f"mysql -uroot -p{QUIET}"], 5),
        (["watch", "-t", "bash", "-ec", f"mysql -uroot -p{QUIET} -e 'select 1'"], 4),
        (["docker", "exec", "db", "watch", "sh", "-c", f"mysql -uroot -p{QUIET}"], 6),
    ],
)  # fmt: skip
def test_a_secret_in_the_words_watch_joins_is_reported_as_if_watch_ran_them(argv: list[str], at: int) -> None:
    # watch sh -c 'mysql -p...' joins its words into "sh -c mysql -uroot -p...": sh -c runs mysql
    # alone, so mysql never gets the password, but it is still in plain text in the manifest: the
    # words are judged as watch -x would run them too, once; a finding made only so is at the word
    # holding the secret (sh -c's script), not at the line's first word (sh)
    _judged_everywhere(argv, '"mysql" (-p<password>)', at)


def test_a_secret_found_both_in_watchs_line_and_in_its_words_is_reported_once() -> None:
    # mysql -p... is mysql's in the line (sh runs "mysql -uroot -p... -e select 1; select 2") and
    # in the words as watch -x would run them: one finding, not two
    argv = ["watch", "-n", "5", "mysql", "-uroot", f"-p{QUIET}", "-e", "select 1; select 2"]
    _judged_everywhere(argv, '"mysql" (-p<password>)', 3)
    two = f"mysql -uroot -p{QUIET}a; mysql -uroot -p{QUIET}b"  # two secrets in the words: two findings, not one
    decision = decide(pod([container(command=["watch", "sh", "-c", two])]))
    found = [f for f in decision.findings if f.policy == POLICY]
    # the second is the line's (sh runs "mysql -uroot -p...b" after the ";"), the first found only
    # in the words as watch -x runs them: at the word holding it, sh -c's script
    assert sorted(f.path for f in found) == ["/spec/containers/0/command/1", "/spec/containers/0/command/3"], [f.message for f in found]
    assert sorted(f.message[:26] for f in found) == ['container "app" command[1]', 'container "app" command[3]']
    assert QUIET not in everything_shown(decision)


def test_the_words_of_the_line_watch_joins_are_judged_once() -> None:
    # each word after the first is in the line judged as a script: not judged again on its own
    argv = ["watch", "-n", "5", "date;", "vault", "write", "auth/x", f"--password={QUIET}"]
    decision = decide(pod([container(command=argv[:4], args=argv[4:])]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/command/3" and '"--password"' in finding.message
    assert QUIET not in everything_shown(decision)


@pytest.mark.parametrize(
    "argv",
    [
        ["watch", "-n", "5", "psql", f"postgres://app:{QUIET}@db/shop", "-c", "select 1; select 2"],
        ["watch", "-n", "5", "psql", "-c", "select 1;", f"postgres://app:{QUIET}@db/shop"],
        ["watch", "-n", "5", "app", f"--db-url=postgres://app:{QUIET}@db/shop", "a;b"],
        ["docker", "exec", "db", "watch", "-n", "5", "psql", f"postgres://app:{QUIET}@db/shop", "-c", "select 1"],
    ],
)
def test_a_credential_in_a_later_word_of_the_line_watch_joins_is_reported(argv: list[str]) -> None:
    # the words after the first of watch's line are judged in the line only: a credential one of
    # them holds (not an option's value, found by splitting it) was judged on its own before; it
    # is the line's, found in the line as a whole, once, at its first word
    at = argv.index("watch") + 3
    _judged_everywhere(argv, "a URL with a password", at)


@pytest.mark.parametrize(
    "argv",
    [
        ["docker", "exec", "db", "su", "-c", 'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" app'],
        ["docker", "exec", "db", "env", "-S", "python3 -u app.py --port 8080"],
        ["podman", "exec", "db", "su", "-", "app", "-c", "./start.sh"],
        ["docker", "exec", "db", "su", "-c"],
        ["docker", "exec", "db", "watch", "-n", "5", "pg_isready -p 5432"],
    ],
)
def test_a_command_line_behind_docker_exec_without_a_literal_password_is_not_reported(argv: list[str]) -> None:
    assert findings(pod([container(command=argv)]), POLICY) == []
    assert findings(script_pod(" ".join(f"'{word}'" if " " in word else word for word in argv)), POLICY) == []


@pytest.mark.parametrize(
    ("argv", "program", "split"),
    [
        (["docker", "exec", "db", "su", "-c", MYSQL], (0, "docker"), (5, MYSQL, 6)),
        (["docker", "exec", "db", "env", f"-S{MYSQL}"], (0, "docker"), (4, MYSQL, 5)),
        (["kubectl", "exec", "p", "--", "su", "-c", MYSQL], None, (6, MYSQL, 7)),
        (["su", "-c", MYSQL], None, (2, MYSQL, 3)),
        (["watch", "-n", "5", "echo", "a;", "date"], None, (3, "echo a; date", 6)),
        (["watch", "-n", "5", "kubectl", "get", "pods"], (3, "kubectl"), None),
        (["docker", "exec", "db", "mysql", "-uroot"], (3, "mysql"), None),
        (["docker", "exec", "db", "su", "-c"], (0, "docker"), None),
    ],
)  # fmt: skip
def test_the_program_and_the_command_line_are_read_in_one_pass(argv: list[str], program: tuple[int, str] | None, split: tuple[int, str, int] | None) -> None:
    assert wrappers.command_program(argv) == program
    assert wrappers.split_string_at(argv) == split


@pytest.mark.parametrize(
    "hop", ["docker exec -i db ", "kubectl exec web-0 -- ", "docker exec db kubectl exec web-0 -- ", "podman exec db sudo "]
)
def test_a_command_line_behind_thousands_of_execs_is_judged_without_recursion(hop: str) -> None:
    text = hop * 3000 + f"su -c 'mysql -uroot -p{QUIET}'"
    for obj in (script_pod(text), pod([container(command=[*(hop * 3000).split(), "su", "-c", f"mysql -uroot -p{QUIET}"])])):
        decision = decide(obj)
        (finding,) = [f for f in decision.findings if f.policy == POLICY]
        assert '"mysql" (-p<password>)' in finding.message
        assert QUIET not in everything_shown(decision)
    assert findings(script_pod(hop * 3000 + "su -c 'mysql -uroot'"), POLICY) == []


@pytest.mark.parametrize(
    ("argv", "program"),
    [
        (["gosu", "app", "redis-server", "--requirepass", "$REDIS_PASSWORD"], (2, "redis-server")),
        (["chroot", "/srv", "/bin/ls"], (2, "ls")),
        (["flock", "-n", "/tmp/lock", "./cron.sh"], (3, "cron.sh")),
        (["taskset", "-c", "0-3", "./app", "-p", "8080"], (3, "app")),
        (["watch", "-n", "5", "kubectl", "get", "pods"], (3, "kubectl")),
        (["nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--", "sh"], (9, "sh")),
        (["ionice", "-c", "2", "-n", "7", "./backup.sh", "-p", "8080"], (5, "backup.sh")),
        (["runuser", "-u", "app", "--", "./server", "-p", "9000"], (4, "server")),
        # no program after the wrapper: none of its words is one
        (["gosu", "app"], None),
        (["flock", "/tmp/l", "-c"], None),
        (["su", "-", "app", "-c", "./start.sh"], None),
        (["strace", "-p", "1234"], None),
        (["taskset", "-p", "1234"], None),
    ],
)  # fmt: skip
def test_an_ordinary_wrapper_use_has_its_program_found_and_is_not_reported(argv: list[str], program: tuple[int, str] | None) -> None:
    assert wrappers.command_program(argv) == program
    assert findings(pod([container(command=argv)]), POLICY) == []
    assert findings(script_pod(" ".join(f"'{word}'" if " " in word else word for word in argv)), POLICY) == []


def test_an_httpie_url_parameter_in_the_containers_own_arguments_is_reported() -> None:
    finding = reported_once(pod([container(command=["http", "GET", "api.example.com/items", f"api_key=={FAKE}"])]), POLICY, 'sends "api_key" to "http" in a request URL')
    assert finding.path == "/spec/containers/0/command/3"


def test_an_httpie_item_is_still_judged_by_its_value() -> None:
    # a DSN with a password under a neutral field name: the value's shape says it
    finding = reported_once(pod([container(command=["http", "POST", "api.example.com/jobs", f"target=postgres://app:{FAKE}@db:5432/orders"])]),
                            POLICY, "holds a URL with a password")
    assert finding.path == "/spec/containers/0/command/3"


def test_a_login_password_in_the_containers_own_arguments_is_reported() -> None:
    finding = reported_once(pod([container(command=["docker"], args=["login", "-u", "bot", "-p", FAKE, "registry.example.com"])]), POLICY, 'passes a password to "docker" (login -p <password>)')
    assert finding.path == "/spec/containers/0/args/4"


@pytest.mark.parametrize(
    "script",
    [
        "docker run -p 8080:80 nginx",  # -p publishes a port outside login
        "docker run --rm -p 9000:9000 -e MINIO_ROOT_USER=admin minio/minio server /data",
        "influx write -b metrics -o acme -p s 'cpu value=1'",  # -p is the precision
        "influx setup -u admin -p $INFLUX_PASSWORD -o acme -b metrics -f",
        "etcdctl --user root get /registry",  # a user alone: etcdctl prompts
        "etcdctl --user root:$ETCD_ROOT_PASSWORD get /registry",
        "cqlsh -u cassandra -p \"$CASSANDRA_PASSWORD\" cassandra",
        "docker login -u bot -p \"$(cat /run/secrets/registry)\" registry.example.com",
        "helm repo add stable https://charts.example.com -p 8080",  # not registry login
        "docker exec db pg_isready -p 5432",
        "docker compose exec db mysql -uroot -p",  # -p alone: mysql prompts
        "docker compose -p shop up -d",  # compose's -p names the project
        "docker-compose -p shop exec db pg_isready -p 5432",
        "notation verify registry.example.com/app@sha256:0f1e",
        "nodetool -h localhost -p 7199 status",  # -p is JMX's port
        "docker exec db sh -c 'mysql -uroot -p\"$MYSQL_ROOT_PASSWORD\" -e \"select 1\"'",
        "sh -c \"sh -c 'sh -c \\\"echo nested\\\"'\"",
        "sudo -p 'Password: ' mysql -uroot -p",  # sudo's prompt; mysql prompts
        "sudo -u app -g app -- redis-cli -a \"$REDIS_PASSWORD\" ping",
        "sudo -g docker docker run -p 8080:80 nginx",
        "sudo -u postgres pg_dump -p 5432 shop",
    ],
)
def test_the_same_options_without_a_literal_password_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


# --- HTTPie request items and a Basic credential encoded by the shell ---------------------------


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"http -a admin:{FAKE} POST https://api.example.com/items", 'passes a password to "http" (-a user:password)'),
        (f"https --auth=admin:{FAKE} https://api.example.com/items", '"https" (--auth user:password)'),
        (f"http POST https://api.example.com/items 'Authorization:Token {FAKE}'", 'passes a credential to "http" in its Authorization header'),
        (f"xh GET api.example.com/items X-Api-Key:{FAKE}", '"xh" in its X-Api-Key header'),
        ("xh GET api.example.com/items X-Api-Key:4f3a9c0d2b7e41f6a8c5d3e2b1a09f7c", '"xh" in its X-Api-Key header'),  # a key starting with a digit
        (f"http POST api.example.com/login username=admin password:='\"{FAKE}\"'", 'sends "password" to "http" in a request body'),
        (f"http GET api.example.com/items api_key=={FAKE}", '"api_key"'),  # as NAME=value in a script, or as a URL parameter
        (f'curl -H "Authorization: Basic $(echo -n admin:{FAKE} | base64)" https://api.example.com/', "in its Authorization header (-H)"),
        (f"curl -H \"Authorization: Basic $(printf '%s' 'admin:{FAKE}' | base64 -w 0)\" https://api.example.com/", "Authorization header"),
        (f'curl -H "Authorization: Basic $(base64 <<< admin:{FAKE})" https://api.example.com/', "in its Authorization header (-H)"),
        (f"curl -H \"Authorization: Basic `base64 -w0 <<< 'admin:{FAKE}'`\" https://api.example.com/", "Authorization header"),
        (f"curl -H 'Authorization: Basic $(base64 <<< \"$USER:{FAKE}\")' https://api.example.com/", "Authorization header"),  # a variable user
        (f'curl -H "Authorization: Basic $(echo -n $USER:{FAKE} | base64)" https://api.example.com/', "Authorization header"),
        (f"http -A bearer -a {FAKE} GET https://api.example.com/items", 'passes a token to "http" (-A bearer -a <token>)'),
        (f"xh --auth-type=bearer --auth={FAKE} api.example.com/items", '"xh" (-A bearer --auth <token>)'),
    ],
)  # fmt: skip
def test_a_credential_in_a_request_item_or_encoded_header_is_reported(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)


@pytest.mark.parametrize(
    "script",
    [
        "http -a admin POST https://api.example.com/items",  # httpie prompts for the password
        "http POST localhost:8080/api name=widget count:=3",
        "http :8080/health Accept:application/json",
        "http localhost:8080 X-Request-Id:42",
        "http api.example.com:443/v1/items",
        "http POST api.example.com/items Authorization:\"Bearer $API_TOKEN\"",
        'curl -H "Authorization: Basic $(echo -n "$USER:$PASSWORD" | base64)" https://api.example.com/',
        'curl -H "Authorization: Basic $(cat /run/secrets/basic | base64)" https://api.example.com/',
        'curl -H "Authorization: Basic $(echo -n admin: | base64)" https://api.example.com/',  # no password
        'curl -H "Authorization: Basic $(base64 <<< "$USER:$PASSWORD")" https://api.example.com/',
        'curl -H "Authorization: Basic $(base64 < /run/secrets/basic)" https://api.example.com/',
        "http -A bearer -a \"$API_TOKEN\" GET https://api.example.com/items",
        "http -A basic -a admin GET https://api.example.com/items",  # a user alone: httpie prompts
        # @ embeds a file's content: the mounted Secret the fix asks for
        "http POST api.example.com/login username=admin password=@/run/secrets/app/password",
        "http POST api.example.com/login token:=@/run/secrets/app/token.json X-Api-Key:@/run/secrets/app/key",
    ],
)
def test_request_items_without_a_literal_credential_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


# --- name/value pairs in config files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        (f'{{"env": [{{"name": "LOG_LEVEL", "value": "info"}}, {{"name": "DB_PASSWORD", "value": "{FAKE}"}}]}}', "env[1].value"),
        (f'{{"users": [{{"username": "admin", "credentials": [{{"type": "password", "value": "{FAKE}"}}]}}]}}',
         "users[0].credentials[0].value"),  # a Keycloak realm export
        (f"env:\n  - name: LOG_LEVEL\n    value: info\n  - name: API_TOKEN\n    value: {FAKE}\n", '"API_TOKEN"'),
        (f"parameters:\n- name: db-password\n  description: the database password\n  value: '{FAKE}'\n", '"db-password"'),
        (f"env:\n  - name: API_TOKEN\n    valueHint:\n      text: set below\n    value: {FAKE}\n", '"API_TOKEN"'),  # a block between
        (f'{{"credentials": [{{"type": "otp", "secretData": "{{\\"value\\":\\"{FAKE}\\"}}"}}]}}', "credentials[0].secretData"),  # a TOTP seed
        # written as flow mappings, or value before name
        (f"env:\n  - {{name: LOG_LEVEL, value: info}}\n  - {{name: DB_PASSWORD, value: {FAKE}}}\n", '"DB_PASSWORD" in plain text (line 3)'),
        (f"env: [{{name: LOG_LEVEL, value: info}}, {{name: API_TOKEN, value: '{FAKE}'}}]\n", '"env.API_TOKEN"'),
        (f"params:\n- value: {FAKE}\n  description: the database password\n  name: db-password\n", '"db-password" in plain text (line 2)'),
        (f"env:\n  - {{name: DB_PASSWORD, value: {FAKE}}}  # the app's\n", '"DB_PASSWORD" in plain text (line 2)'),  # a comment after it
        (f"env: [{{name: DB_PASSWORD, value: \"[{FAKE}],{{x}}\"}}]  # the app's\n", '"env.DB_PASSWORD"'),  # brackets and commas in quotes
        # Azure Container Instances: secureValue holds a secret whatever the variable's name
        (f"containers:\n- name: app\n  environmentVariables:\n  - name: CONN\n    secureValue: {FAKE}\n", '"secureValue"'),
    ],
)  # fmt: skip
def test_a_secret_in_a_name_value_pair_is_reported(text: str, setting: str) -> None:
    reported_once(configmap({"config.json" if text[:1] == "{" else "values.yaml": text}), POLICY, setting)


@pytest.mark.parametrize(
    "text",
    [
        '{"env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}',
        '{"env": [{"name": "LOG_LEVEL", "value": "debug"}], "password": {"minLength": 12}}',
        '{"templating": {"list": [{"name": "datasource", "type": "datasource", "current": {"value": "prometheus"}}]}}',
        '{"credentials": [{"type": "password", "value": "${ADMIN_PASSWORD}"}]}',
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n  - name: LOG_LEVEL\n    value: debug\n",
        "env:\n  - name: API_TOKEN\n  - name: REGION\n    value: eu-west-1\n",  # the value is the next item's
        "- name: TOKEN_TTL\n  value: 3600\n",
        "env:\n  - {name: LOG_LEVEL, value: debug}\n  - {name: DB_PASSWORD, value: $(DB_PASSWORD)}\n",
        "env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]\n",
        "volumes:\n- {name: db-creds, secret: {secretName: db}}\n- {name: certs, key: tls.key}\n",
        "params:\n- value: debug\n  name: LOG_LEVEL\n- value: eu-west-1\n  name: region\n",
        "params:\n- value: s3cr3t-looking\n- name: db-password\n  description: set by the pipeline\n",  # another item's name
        "params:\n- value: s3cr3t-looking\n  note: a\n- kind: env\n  name: DB_PASSWORD\n",  # an item between: its key ends the pair
        "env:\n- name: CONN\n  secureValue: $(CONN)\n",
        # tolerations: key, operator, value and effect are no name/value pair
        "tolerations:\n- {key: dedicated-secrets, operator: Equal, value: vault, effect: NoSchedule}\n",
        "tolerations:\n- key: dedicated-secrets\n  operator: Equal\n  value: vault\n  effect: NoSchedule\n",
        "tolerations:\n- value: vault\n  key: dedicated-secrets\n  operator: Equal\n",
        # an HPA's metric name, and a value: key in the sibling block after it
        "metrics:\n  - type: External\n    external:\n      metric:\n        name: vllm_prompt_tokens\n      target:\n        type: Value\n        value: 10k\n",
        # a Keycloak password credential: its hash and the hash's parameters are no password
        '{"credentials": [{"type": "password", "secretData": "{\\"value\\":\\"c2FsdGVkaGFzaA==\\",\\"salt\\":\\"c2FsdA==\\"}", '
        '"credentialData": "{\\"hashIterations\\":27500,\\"algorithm\\":\\"pbkdf2-sha256\\"}"}]}',
        # an Azure App Configuration Key Vault reference
        '[{"key": "App:Db:Password", "value": "{\\"uri\\":\\"https://clinic.vault.azure.net/secrets/db\\"}", '
        '"content_type": "application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8"}]',
    ],
)
def test_name_value_pairs_without_a_literal_secret_are_not_reported(text: str) -> None:
    assert findings(configmap({"config.json" if text[:1] == "{" else "values.yaml": text}), POLICY) == []


@pytest.mark.parametrize("hop", ["kubectl exec web-0 -- ", "docker exec -i db ", "oc -n shop exec web-0 -- env "])
def test_a_command_run_through_thousands_of_execs_is_judged_without_recursion(hop: str) -> None:
    # the program behind each exec was found by recursion: 3,000 hops (a 60 KB script) raised
    # RecursionError, a failed review instead of a verdict
    text = hop * 3000 + f"mysql -uroot -p{FAKE}"
    reported_once(script_pod(text), POLICY, '"mysql" (-p<password>)')
    reported_once(pod([container(command=text.split())]), POLICY, '"mysql" (-p<password>)')
    assert findings(script_pod(hop * 3000 + "mysql -uroot"), POLICY) == []


def test_an_interpreter_is_given_code_only_by_its_own_option() -> None:
    # every script is split into commands (sh -c "oras push -u bot -p ..." once passed unnoticed:
    # oras was in no list of words that had a script split); one naming an interpreter with no code
    # to run (python app.py -c ...) is read by its NAME=value shape too
    from webhook.checks.secrets import commands

    code_options = {"python": "-c", "node": "-e", "ruby": "-e", "perl": "-e", "php": "-r", "logstash": "-e"}
    assert set(code_options) == set(programs.INTERPRETERS)
    assert [p for p, option in code_options.items() if not any(commands._interpreter_codes(f"{p} {option} 'x = 1'"))] == []
    assert [p for p, option in code_options.items() if any(commands._interpreter_codes(f"{p} app {option} 'x = 1'"))] == []


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"oras push -u bot -p {QUIET} registry.example.com/app:1.0 app.tgz", '"oras" (-p <password>)'),
        (f"notation sign -u bot -p {QUIET} registry.example.com/app@sha256:0f1e", '"notation" (-p <password>)'),
    ],
)
def test_a_program_with_a_short_password_option_in_sh_c_is_reported(script: str, fragment: str) -> None:
    reported_once(pod([container(command=["sh", "-c", script])]), POLICY, fragment)
    reported_once(script_pod(script), POLICY, fragment)


@pytest.mark.parametrize("program", ["xh", "http", "https", "xhs"])
def test_an_httpie_program_in_command_with_fewer_args_than_its_own_options_is_judged(program: str) -> None:
    # the args field's start was the program's index minus the command's length: negative, and
    # -A bearer was looked for from args[-5] on, an IndexError, a failed review instead of a verdict
    command = [program, "--print", "hb", "--verify", "no"]
    finding = reported_once(pod([container(command=command, args=["-a", f"bot:{FAKE}", "api.example.com"])]), POLICY, f'"{program}" (-a user:password)')
    assert finding.path == "/spec/containers/0/args/1"
    assert findings(pod([container(command=command, args=["api.example.com"])]), POLICY) == []


@pytest.mark.parametrize(
    ("command", "args", "fragment", "at"),
    [
        # the program's subcommand in command, its password option in args: one command line
        (["docker", "login"], ["-u", "bot", "-p", QUIET, "registry.example.com"], 'to "docker" (login -p <password>)', 3),
        (["helm", "registry", "login"], ["registry.example.com", "-u", "bot", "-p", QUIET], 'to "helm" (registry login -p <password>)', 4),
        # an option in command whose value is the first of args
        (["redis-cli", "-a"], [QUIET, "ping"], '"redis-cli" (-a <password>)', 0),
        (["xh", "-A", "bearer"], ["-a", QUIET, "api.example.com"], '"xh"', 1),
    ],
)  # fmt: skip
def test_a_programs_words_split_between_command_and_args_are_one_command_line(command: list[str], args: list[str], fragment: str, at: int) -> None:
    decision = decide(pod([container(command=command, args=args)]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert fragment in finding.message and finding.path == f"/spec/containers/0/args/{at}", (finding.message, finding.path)
    assert QUIET not in everything_shown(decision)


def test_a_sensitive_flag_in_command_with_its_value_first_in_args_is_reported() -> None:
    decision = decide(pod([container(command=["/app/server", "--db-password"], args=[QUIET, "--port", "8080"])]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/args/0" and QUIET not in everything_shown(decision)


def test_a_command_line_su_runs_is_judged_as_deep_as_a_script_sh_runs() -> None:
    # su -c and env -S lines nest like sh -c scripts: judged the same number of levels deep
    for levels in (1, 2, 3):
        shown = []
        for wrapper in ("sh -c", "su app -c", "env -S"):
            text = f"mysql -uroot -p{FAKE} db"
            for _ in range(levels):
                text = f"{wrapper} {shlex.quote(text)}"
            found = findings(script_pod(text), POLICY)
            assert all(FAKE not in f.message for f in found)
            shown.append([(f.path, f.message) for f in found])
        assert shown[0] == shown[1] == shown[2], (levels, shown)
        assert len(shown[0]) == (1 if levels <= commands.NESTED_SCRIPTS else 0), (levels, shown)
