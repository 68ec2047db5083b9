#ifndef CMICROHTTPD_H
#define CMICROHTTPD_H

// Typed wrappers for libmicrohttpd's variadic MHD_start_daemon and
// MHD_get_daemon_info, which Swift cannot call directly.

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/// Starts a daemon listening on `address` with the access handler, the
/// request-completed callback, the connection-notify callback and a
/// per-connection idle timeout in seconds. A strictness of 1 rejects HTTP/1.1
/// requests without Host and spaces in the URL, 0 is lenient. With a PEM key
/// and certificate (both non-NULL) the daemon serves HTTPS, and `flags` must
/// then include MHD_USE_TLS. Returns NULL on failure.
struct MHD_Daemon *CMicroHTTPD_startDaemon(
    unsigned int flags, const struct sockaddr *address, unsigned int connectionTimeout,
    unsigned int connectionLimit, int strictness,
    MHD_AccessHandlerCallback handler, void *handlerContext,
    MHD_RequestCompletedCallback completed, void *completedContext,
    MHD_NotifyConnectionCallback notifyConnection, void *notifyContext,
    const char *tlsKeyPEM, const char *tlsCertificatePEM);

/// The port the daemon is bound to, or 0 when it cannot be read.
uint16_t CMicroHTTPD_boundPort(struct MHD_Daemon *daemon);

#endif
