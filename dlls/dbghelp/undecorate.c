/*
 * undecorate.c: UnDecorateSymbolName and UnDecorateSymbolNameW over the
 * portable undecorator (undname.c).
 *
 * Both exports share undecorate_name, which works on narrow strings because
 * decorated names are: the W form converts its input to the ANSI code page,
 * and the result back.  (This is the one A/W pair that does not go A -> W:
 * converting a narrow name to UTF-16 only to convert it back would add two
 * conversions and nothing else.)
 *
 * Behaviour, as Microsoft documents it and Wine 8.0 shows it:
 *   - a decorated name ("?..." from MSVC) is undecorated under the UNDNAME_*
 *     flags; unlike Microsoft's dbghelp, Itanium names ("_Z...", "__Z...")
 *     from mingw/g++ are demangled too (as c++filt does);
 *   - anything else, a name that does not decode included, is copied as is;
 *   - the result is truncated to the buffer (NUL-terminated) and the return
 *     value is the number of characters written, without the NUL;
 *   - a NULL name or buffer, or a size of 0: 0 with ERROR_INVALID_PARAMETER
 *     (Wine 8.0 returns 0 without setting an error; given a NULL name its A
 *     form crashes and its W form undecorates uninitialized memory);
 *   - a buffer of one character holds only the NUL: 0, with
 *     ERROR_INSUFFICIENT_BUFFER (Wine 8.0 sets no error).
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"
#include "undname.h"

/* The undecorated text of `name` (or a copy of it): malloc'ed, or NULL when
 * out of memory. */
static char *undecorate_name(const char *name, DWORD flags)
{
    char buf[1024], *ret;
    size_t len = undname_demangle(name, buf, sizeof(buf), flags);

    if (!len)
    {
        len = strlen(name);
        if ((ret = malloc(len + 1))) memcpy(ret, name, len + 1);
        return ret;
    }
    if (!(ret = malloc(len + 1))) return NULL;
    if (len < sizeof(buf)) memcpy(ret, buf, len + 1);
    else undname_demangle(name, ret, len + 1, flags); /* a long name: once more */
    return ret;
}

DWORD WINAPI UnDecorateSymbolName(PCSTR name, PSTR out, DWORD size, DWORD flags)
{
    return undecorate_into(name, out, size, flags);
}

DWORD undecorate_into(const char *name, char *out, DWORD size, DWORD flags)
{
    char *text;
    size_t len;

    if (!name || !out || !size)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!(text = undecorate_name(name, flags)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    len = strlen(text);
    if (len > size - 1) len = size - 1;
    memcpy(out, text, len);
    out[len] = 0;
    free(text);
    /* Nothing fitted (a size of 1): a failure by the documented contract. */
    if (!len && *name) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return (DWORD)len;
}

DWORD WINAPI UnDecorateSymbolNameW(PCWSTR name, PWSTR out, DWORD size, DWORD flags)
{
    char *nameA, *text = NULL;
    WCHAR *textW = NULL;
    const WCHAR *src = name;
    size_t len;

    if (!name || !out || !size)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((nameA = dbg_strdup_WtoA(name)) && (text = undecorate_name(nameA, flags)) && strcmp(text, nameA))
    {
        /* Undecorated: convert back.  Otherwise the caller's own string is
         * copied, with no round trip through the ANSI code page. */
        src = textW = dbg_strdup_AtoW(text);
    }
    else if (text)
        src = name;
    else
        src = NULL;
    free(nameA);
    free(text);
    if (!src)
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    len = wcslen(src);
    if (len > size - 1) len = size - 1;
    memcpy(out, src, len * sizeof(WCHAR));
    out[len] = 0;
    free(textW);
    if (!len && *name) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return (DWORD)len;
}
