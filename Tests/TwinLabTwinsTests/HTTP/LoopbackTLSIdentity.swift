import TwinLabTwins

/// A self-signed certificate for IP 127.0.0.1 only (no DNS names), valid until 2126, made with
/// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1` for the HTTPS tests.
/// The key protects nothing: it exists only in this file.
let loopbackTLSIdentity = TLSIdentity(
  certificatePEM: """
    -----BEGIN CERTIFICATE-----
    MIIBqDCCAU6gAwIBAgIUaeipLvz+qFnKxVi+luVW1N+c9GUwCgYIKoZIzj0EAwIw
    IDEeMBwGA1UEAwwVdHdpbmxhYi10ZXN0LWxvb3BiYWNrMCAXDTI2MTIwNDE2MDEw
    NFoYDzIxMjYxMTEwMTYwMTA0WjAgMR4wHAYDVQQDDBV0d2lubGFiLXRlc3QtbG9v
    cGJhY2swWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARAX3HhD3JgiBFrCTAIj22E
    UhzUJr2Wsc6qkOKrEcTAZJGybB9cVElcminue9lp+/QJcHs+oVY7lWM7cnoykvdp
    o2QwYjAdBgNVHQ4EFgQUzs2EsggKNjZA+tXJcpPMukbSd3IwHwYDVR0jBBgwFoAU
    zs2EsggKNjZA+tXJcpPMukbSd3IwDwYDVR0RBAgwBocEfwAAATAPBgNVHRMBAf8E
    BTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCoLNcq2oJGeW+g+wOAth42SND8yTBC
    hzxObmvklANwNQIgOtJBYrfs5vWrrJWhLPrhjeKJx+bGrEp6n55OnAbR7Fs=
    -----END CERTIFICATE-----
    """,
  privateKeyPEM: """
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdIEc3vd+JlwdJDKw
    3ljCkAn4Tykp+nw2UNhjQplbMTShRANCAARAX3HhD3JgiBFrCTAIj22EUhzUJr2W
    sc6qkOKrEcTAZJGybB9cVElcminue9lp+/QJcHs+oVY7lWM7cnoykvdp
    -----END PRIVATE KEY-----
    """
)
