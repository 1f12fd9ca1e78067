#!/usr/bin/env python3
"""Signs the request of src/aws/sigv4.rs's test with botocore, an independent SigV4 implementation.

The credentials are the sandbox's fake demo ones. `pip install botocore`, then run this script:
the Authorization it prints is the test's expected value.
"""
import datetime
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

creds = Credentials("ASIASANDBOXDEMO00001", "sandbox/demo/secret/FAKE/not/a/real/key00", "sandbox-demo-session-token-FAKE")
request = AWSRequest(
    method="POST",
    url="http://127.0.0.1:9780/",
    data=b'{"Limit":100}',
    headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.DescribeCustomKeyStores"},
)
fixed = datetime.datetime(2026, 11, 29, 6, 0, 0, tzinfo=datetime.timezone.utc)
# botocore reads the clock through get_current_datetime(); pin it to the test's instant.
with mock.patch("botocore.auth.get_current_datetime", return_value=fixed.replace(tzinfo=None)):
    SigV4Auth(creds, "kms", "us-east-1").add_auth(request)
print("X-Amz-Date:", request.headers["X-Amz-Date"])
print("Authorization:", request.headers["Authorization"])
