#!/usr/bin/env python3
"""Derives the shapes-only model files the sandbox validates against, from AWS's service models.

Keeps, for the operations the sandbox serves: each operation's input, output and errors, and every
shape reachable from them with its type, members, required list, enum, length/range and pattern.
Maps keep their key and value shapes. Documentation is dropped.
Usage: python3 tools/gen_shapes.py [path/to/shared/aws-models]
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
models = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/aws-models"

SERVICES = {
    "kms": ["DescribeCustomKeyStores", "ConnectCustomKeyStore", "DisconnectCustomKeyStore",
            "CreateCustomKeyStore", "UpdateCustomKeyStore", "DeleteCustomKeyStore", "ListKeys", "DescribeKey", "ListAliases"],
    "sts": ["GetCallerIdentity", "GetSessionToken", "AssumeRole"],
    "cloudhsmv2": ["DescribeClusters"],
    "cloudwatch": ["GetMetricData", "PutMetricAlarm", "DescribeAlarms", "DeleteAlarms"],
    "cloudtrail": ["LookupEvents"],
    "organizations": ["ListAccounts"],
    "iam": ["ListAccountAliases"],
    "ec2": ["DescribeVpcEndpointServiceConfigurations", "DescribeVpcEndpointServicePermissions"],
    "elbv2": ["DescribeLoadBalancers", "DescribeListeners"],
    "sns": ["ListTopics"],
}
# The models added to shared/aws-models later came from a newer botocore.
SOURCE = {"organizations": "botocore 1.44.18", "iam": "botocore 1.44.18", "ec2": "botocore 1.44.18", "elbv2": "botocore 1.44.18",
          "sns": "botocore 1.44.18"}
KEEP = ("type", "required", "enum", "min", "max", "pattern", "sensitive", "member", "key", "value", "error", "exception")
# Shapes that name another shape: lists (member) and maps (key, value).
REFS = ("member", "key", "value")


def derive(service, operations):
    model = json.loads((models / service / "service-2.json").read_text())
    shapes, out_ops = {}, {}

    def visit(name):
        if name in shapes:
            return
        src = model["shapes"][name]
        shape = {k: src[k] for k in KEEP if k in src}
        for ref in REFS:
            if ref in shape:
                shape[ref] = shape[ref]["shape"]
        shapes[name] = shape
        if "members" in src:
            shape["members"] = {m: ref["shape"] for m, ref in src["members"].items()}
            for ref in src["members"].values():
                visit(ref["shape"])
            # The ec2 protocol names XML elements (and query keys) by locationName/queryName.
            locations = {m: ref["locationName"] for m, ref in src["members"].items() if "locationName" in ref}
            if locations and service == "ec2":
                shape["locations"] = locations
        for ref in REFS:
            if ref in shape:
                visit(shape[ref])

    for op in operations:
        spec = model["operations"][op]
        entry = {"errors": [e["shape"] for e in spec.get("errors", [])]}
        for part in ("input", "output"):
            if part in spec:
                entry[part] = spec[part]["shape"]
                visit(spec[part]["shape"])
                if "resultWrapper" in spec[part]:
                    entry["resultWrapper"] = spec[part]["resultWrapper"]
        for e in entry["errors"]:
            visit(e)
        out_ops[op] = entry
    meta = {k: model["metadata"][k] for k in ("apiVersion", "protocol", "protocols", "jsonVersion", "targetPrefix", "xmlNamespace") if k in model["metadata"]}
    return {"source": f"{SOURCE.get(service, 'botocore 1.44.8')} {service}/service-2.json", "metadata": meta, "operations": out_ops,
            "shapes": dict(sorted(shapes.items()))}


for service, operations in SERVICES.items():
    target = root / "sandbox/model" / f"{service}-shapes.json"
    target.write_text(json.dumps(derive(service, operations), indent=1, sort_keys=False) + "\n")
    print("wrote", target.relative_to(root))
