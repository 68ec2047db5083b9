#ifndef CCURL_H
#define CCURL_H

// Typed wrappers for libcurl's variadic curl_easy_setopt and curl_easy_getinfo,
// which Swift cannot call directly. Each wrapper forwards one argument type.

#include <curl/curl.h>

CURLcode CCurl_setoptLong(CURL *handle, CURLoption option, long value);
CURLcode CCurl_setoptString(CURL *handle, CURLoption option, const char *value);
CURLcode CCurl_setoptPointer(CURL *handle, CURLoption option, void *value);
CURLcode CCurl_setoptOffset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode CCurl_setoptWriteFunction(CURL *handle, CURLoption option, curl_write_callback function);
CURLcode CCurl_setoptTransferInfoFunction(CURL *handle, curl_xferinfo_callback function);
CURLcode CCurl_getinfoLong(CURL *handle, CURLINFO info, long *value);
CURLcode CCurl_getinfoOffset(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
