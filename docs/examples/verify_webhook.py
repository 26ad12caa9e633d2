# Verifies a dialtone webhook delivery (Python 3). `raw_body`: the request body exactly as received, as bytes.
import hashlib
import hmac
import sys
import time


def verify_dialtone_signature(secret: str, raw_body: bytes, header: str, tolerance: int = 300) -> bool:
    fields = dict(part.strip().split("=", 1) for part in (header or "").split(",") if "=" in part)
    try:
        t = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - t) > tolerance:
        return False
    expected = hmac.new(secret.encode(), str(t).encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


if __name__ == "__main__":
    # python3 verify_webhook.py SECRET SIGNATURE_HEADER < body
    ok = verify_dialtone_signature(sys.argv[1], sys.stdin.buffer.read(), sys.argv[2])
    print("valid" if ok else "invalid")
    sys.exit(0 if ok else 1)
