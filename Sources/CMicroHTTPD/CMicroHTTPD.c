#include "CMicroHTTPD.h"

struct MHD_Daemon *CMicroHTTPD_startDaemon(
    unsigned int flags, const struct sockaddr *address, unsigned int connectionTimeout,
    unsigned int connectionLimit, int strictness,
    MHD_AccessHandlerCallback handler, void *handlerContext,
    MHD_RequestCompletedCallback completed, void *completedContext,
    MHD_NotifyConnectionCallback notifyConnection, void *notifyContext,
    const char *tlsKeyPEM, const char *tlsCertificatePEM) {
  if (tlsKeyPEM != NULL && tlsCertificatePEM != NULL) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handlerContext,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_CONNECTION_TIMEOUT, connectionTimeout,
                            MHD_OPTION_CONNECTION_LIMIT, connectionLimit,
                            MHD_OPTION_STRICT_FOR_CLIENT, strictness,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completedContext,
                            MHD_OPTION_NOTIFY_CONNECTION, notifyConnection, notifyContext,
                            MHD_OPTION_HTTPS_MEM_KEY, tlsKeyPEM,
                            MHD_OPTION_HTTPS_MEM_CERT, tlsCertificatePEM,
                            MHD_OPTION_END);
  }
  // The port argument is ignored when MHD_OPTION_SOCK_ADDR is given.
  return MHD_start_daemon(flags, 0, NULL, NULL, handler, handlerContext,
                          MHD_OPTION_SOCK_ADDR, address,
                          MHD_OPTION_CONNECTION_TIMEOUT, connectionTimeout,
                          MHD_OPTION_CONNECTION_LIMIT, connectionLimit,
                          MHD_OPTION_STRICT_FOR_CLIENT, strictness,
                          MHD_OPTION_NOTIFY_COMPLETED, completed, completedContext,
                          MHD_OPTION_NOTIFY_CONNECTION, notifyConnection, notifyContext,
                          MHD_OPTION_END);
}

uint16_t CMicroHTTPD_boundPort(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  if (info == NULL) {
    return 0;
  }
  return info->port;
}
