/*
 * strings.c: ANSI/Unicode conversions for the A entry points and the
 * readers' names.  A leaf: calls nothing else of the DLL.
 */
#include <stdlib.h>
#include "dbghelp_private.h"

WCHAR *dbg_strdup_AtoW(const char *str)
{
    WCHAR *ret;
    int len;

    if (!str) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    if (!(ret = malloc(len * sizeof(WCHAR)))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

char *dbg_strdup_WtoA(const WCHAR *str)
{
    char *ret;
    int len;

    if (!str) return NULL;
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (!(ret = malloc(len))) return NULL;
    WideCharToMultiByte(CP_ACP, 0, str, -1, ret, len, NULL, NULL);
    return ret;
}

/* Fixed-size conversions always NUL-terminate, truncating if needed, and
 * leave the last error alone (they run on success paths too). */
void dbg_WtoA(const WCHAR *src, char *dst, int dst_len)
{
    DWORD err = GetLastError();

    if (dst_len <= 0) return;
    WideCharToMultiByte(CP_ACP, 0, src, -1, dst, dst_len, NULL, NULL);
    dst[dst_len - 1] = 0;
    SetLastError(err);
}

