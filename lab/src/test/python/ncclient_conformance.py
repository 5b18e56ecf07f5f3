#!/usr/bin/env python3
"""Conformance check of the Junos device simulator from an independent NETCONF client.

Uses Debian's python3-ncclient (paramiko SSH). Reads the SSH password from the first line of stdin
(never from argv), pins the host key from the known_hosts file the simulator wrote, and prints one
JSON object with what it observed (CKNs and start-times only: the CAKs it generates never leave it).
Exit status 0 when every check passed; otherwise the failed check is printed on stderr.

Driven by org.qkdmacsec.lab.junos.NcclientConformanceTest.
"""
import argparse
import json
import secrets
import sys

from lxml import etree
from ncclient import manager
from ncclient.operations import RaiseMode, RPCError

CHAINS_FILTER = "<configuration><security><authentication-key-chains/></security></configuration>"


def fail(message):
    print("conformance check failed: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def pinned_key(known_hosts, host, port):
    want = host if port == 22 else "[%s]:%d" % (host, port)
    with open(known_hosts) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and want in parts[0].split(","):
                return parts[2]
    fail("no known_hosts entry for " + want)


def texts(tree, name):
    return [(e.text or "").strip() for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == name]


def key_xml(key_id, ckn, cak, start):
    return ("<key><name>%d</name><secret>%s</secret><key-name>%s</key-name><start-time>%s</start-time></key>"
            % (key_id, cak, ckn, start))


def chain_xml(key):
    return ("<security><authentication-key-chains><key-chain><name>QKD_CA1</name>%s</key-chain>"
            "</authentication-key-chains></security>" % key)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--known-hosts", required=True)
    args = p.parse_args()
    password = sys.stdin.readline().rstrip("\n")
    hostkey = pinned_key(args.known_hosts, args.host, args.port)

    def connect(device="default"):
        return manager.connect(host=args.host, port=args.port, username=args.user, password=password,
                               hostkey_verify=True, hostkey_b64=hostkey, allow_agent=False, look_for_keys=False,
                               device_params={"name": device}, timeout=60, manager_params={"timeout": 60})

    out = {}
    ckn5, ckn6 = "5a" * 32, "6b" * 32
    with connect() as m:
        caps = list(m.server_capabilities)
        out["base11"] = "urn:ietf:params:netconf:base:1.1" in caps
        out["candidate"] = ":candidate" in m.server_capabilities
        out["session_id"] = m.session_id
        data = m.get_config(source="running", filter=("subtree", CHAINS_FILTER)).data_ele
        out["ckns_before"] = texts(data, "key-name")
        out["starts_before"] = texts(data, "start-time")
        check(all(s.startswith("$9$") for s in texts(data, "secret")), "secrets must read back $9$-encoded")
        check(not texts(data, "macsec"), "the subtree filter must select the key chains only")

        with m.locked("candidate"):
            with connect() as other:
                try:
                    other.lock("candidate")
                    fail("a second session got the lock")
                except RPCError as e:
                    out["lock_conflict_tag"] = e.tag
            m.edit_config(target="candidate", config="<config><configuration>%s</configuration></config>"
                          % chain_xml(key_xml(5, ckn5, secrets.token_hex(32), "2026-07-10.14:05")))
            m.commit()
        data = m.get_config(source="running", filter=("subtree", CHAINS_FILTER)).data_ele
        out["ckns_after_commit"] = texts(data, "key-name")
        out["starts_after_commit"] = texts(data, "start-time")

        try:
            m.dispatch(etree.fromstring("<get-no-such-information/>"))
            fail("an unknown RPC was accepted")
        except RPCError as e:
            out["unknown_rpc_message"] = e.message

    with connect("junos") as j:
        j.raise_mode = RaiseMode.ERRORS  # Junos answers open-configuration private with a warning
        j.rpc(etree.fromstring("<open-configuration><private/></open-configuration>"))
        cak6 = secrets.token_hex(32)
        j.load_configuration(action="merge", format="xml",
                             config=etree.fromstring(chain_xml(key_xml(6, ckn6, cak6, "2026-07-10.14:10"))))
        diff = str(j.compare_configuration(rollback=0))  # the Junos handler returns an NCElement
        out["diff_has_key6"] = "+   key 6 {" in diff
        check(cak6 not in diff.lower(), "the diff shows a secret in clear")
        # Juniper's XML protocol guide: no confirmed commit on a private copy
        try:
            j.commit(confirmed=True, timeout="120")  # ncclient converts to minutes for Junos
            fail("a confirmed commit of a private copy was accepted")
        except RPCError as e:
            out["private_confirmed_refused"] = e.message
        j.rpc(etree.fromstring("<discard-changes/>"))
        j.rpc(etree.fromstring("<close-configuration/>"))

        # the pattern NAPALM and PyEZ use: lock the shared candidate, load, commit confirmed, unlock
        j.lock("candidate")
        j.load_configuration(action="merge", format="xml",
                             config=etree.fromstring(chain_xml(key_xml(6, ckn6, cak6, "2026-07-10.14:10"))))
        commit = j.commit(confirmed=True, timeout="120")
        out["confirmed_commit_success"] = "commit-success" in str(commit)
        j.unlock("candidate")

    print(json.dumps(out))


if __name__ == "__main__":
    main()
