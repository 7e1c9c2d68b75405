"""``railguard manifests``: render the install with its certificates, or regenerate the policy
library's kustomization.

* ``render``: ``kubectl kustomize`` a kustomization (default: the bundled base), fill every
  webhook's caBundle from ``--certs`` (checking that the serving certificate is signed by that CA
  and names the Service the webhooks call) and, with ``--with-secret``, add the TLS Secret.
* ``library``: write the policy library as a kustomize ConfigMap plus the Deployment patch that
  mounts it at ``<id>/policy.yaml`` (keeps ``manifests/base/policies`` identical to ``policies/``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from webhook.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    add_policies_option,
    nonempty,
    path_arg,
    policy_dirs_or_bundled,
    write_stdout,
)
from webhook.errors import InputError, PolicyError
from webhook.manifests import (
    RenderError,
    ServingMaterial,
    default_manifest_dir,
    dump,
    kustomize_build,
    parse_documents,
    render,
    tls_secret,
    tls_secret_name,
    verify_serving_cert,
    webhook_service,
    write_library,
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    ren = sub.add_parser(
        "render",
        help="the install manifests with the caBundle filled in",
        description="Build a kustomization and fill in the webhooks' caBundle from --certs.",
    )
    source = ren.add_mutually_exclusive_group()
    source.add_argument("--kustomize", type=path_arg, metavar="DIR", help="kustomization to build (default: the bundled base)")
    source.add_argument("--input", type=nonempty(str), metavar="FILE", help="already-built manifests (a file, or - for stdin) instead")
    ren.add_argument("--certs", type=path_arg, metavar="DIR", help="ca.crt, tls.crt, tls.key from railguard certs generate")
    ren.add_argument("--with-secret", action="store_true", help="also emit the Secret with the serving certificate and key")
    ren.add_argument("--output", "-o", type=nonempty(str), metavar="FILE", help="write here (mode 0600) instead of stdout")
    ren.set_defaults(run=run_render)
    lib = sub.add_parser(
        "library",
        help="write the policy library as a kustomize ConfigMap",
        description="Copy each <id>/policy.yaml of the library and write the kustomization that turns them "
        "into ConfigMap railguard-policies, plus the Deployment patch that mounts them.",
    )
    add_policies_option(lib)
    lib.add_argument("--out", type=path_arg, metavar="DIR", default=None, help="default: <manifests>/base/policies")
    lib.set_defaults(run=run_library)


def _load(args: argparse.Namespace) -> list[dict[str, object]]:
    if args.input == "-":
        return parse_documents(sys.stdin.read(), "<stdin>")
    if args.input:
        try:
            text = Path(args.input).read_text(encoding="utf-8")
        except OSError as exc:
            raise RenderError(f"cannot read {args.input}: {exc.strerror or exc}") from None
        return parse_documents(text, args.input)
    directory = args.kustomize or default_manifest_dir()
    return parse_documents(kustomize_build(directory), str(directory))


def run_render(args: argparse.Namespace) -> int:
    if args.with_secret and not args.certs:
        print("railguard: --with-secret needs --certs DIR", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        docs = _load(args)
        ca_bundle, secret = None, None
        if args.certs:
            material = ServingMaterial.load(args.certs)
            service, namespace = webhook_service(docs)
            verify_serving_cert(material, [f"{service}.{namespace}.svc"])
            ca_bundle = material.ca_bundle
            if args.with_secret:
                secret = tls_secret(*tls_secret_name(docs), material)
        text = dump(render(docs, ca_bundle, secret))
    except (RenderError, InputError) as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not args.output:
        return EXIT_OK if write_stdout(text.encode(), "the manifests") else EXIT_UNREADABLE
    try:
        fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"railguard: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"railguard: wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def run_library(args: argparse.Namespace) -> int:
    out = args.out or default_manifest_dir() / "base" / "policies"
    try:
        written = write_library(policy_dirs_or_bundled(args.policies), out)
    except PolicyError as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"railguard: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"railguard: wrote {len(written)} files to {out}", file=sys.stderr)
    return EXIT_OK

