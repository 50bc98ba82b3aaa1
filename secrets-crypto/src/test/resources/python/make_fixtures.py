"""Writes the fixtures of PythonInteropTest with Python's `cryptography`, the way the original's
renku_data_services.utils.cryptography and users/db.py encrypt_user_secret do (same calls, same
parameters). Run once by hand: `python3 make_fixtures.py` (cryptography 48.0.0 made the committed
files); the Java tests only read its output."""

import base64
import json
import secrets

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def key(password: bytes, salt: bytes) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=480000)
    return base64.urlsafe_b64encode(kdf.derive(password))


def encrypt_string(password: bytes, salt: str, data: str) -> bytes:
    return Fernet(key(password, salt.encode())).encrypt(data.encode())


OAEP = padding.OAEP(padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)

private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
with open("service-private.pem", "wb") as f:
    f.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
with open("service-public.pem", "wb") as f:
    f.write(private.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo))

user_id = "3f6c2a9e-python-user-é"
encryption_key = bytes(range(256))[::7] + b"\xff\xfe"  # not valid UTF-8, like a random key file
user_key = secrets.token_urlsafe(32)
stored_user_key = encrypt_string(encryption_key, user_id, user_key)

value = "s3cr3t value with ünïcode"
inner = encrypt_string(user_key.encode(), user_id, value)
k = Fernet.generate_key()
encrypted_value = encrypt_string(k, user_id, inner.decode())
encrypted_key = private.public_key().encrypt(k, OAEP)

with open("sealed.json", "w") as f:
    json.dump({
        "user_id": user_id,
        "encryption_key_b64": base64.b64encode(encryption_key).decode(),
        "stored_user_key": stored_user_key.decode(),
        "user_key": user_key,
        "value": value,
        "encrypted_value": encrypted_value.decode(),
        "encrypted_key_b64": base64.b64encode(encrypted_key).decode(),
    }, f, indent=2, ensure_ascii=False)
