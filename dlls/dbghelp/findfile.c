/*
 * findfile.c: the file helpers of dbghelp: MakeSureDirectoryPathExists,
 * SymMatchFileName(W), SearchTreeForFile(W), EnumDirTree(W), and the home
 * directory (SymSetHomeDirectory(W), SymGetHomeDirectory(W)).
 *
 * The Unicode forms do the work; the ANSI forms convert (CP_ACP) around
 * them.  Directory walks are depth-first, files of a directory before its
 * subdirectories, at most MAX_TREE_DEPTH levels deep (a loop of junctions
 * cannot recurse forever).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
/* mingw's header declares SymSetHomeDirectoryW with an ANSI result; the
 * export follows Microsoft's declaration (a wide one). */
#define SymSetHomeDirectoryW mingw_SymSetHomeDirectoryW
#include "dbghelp_private.h"
#undef SymSetHomeDirectoryW

#define MAX_TREE_DEPTH 32

typedef BOOL (CALLBACK *enumdir_cbW)(PCWSTR path, PVOID ctx);

/* Not in mingw's header, or declared there with the wrong types. */
BOOL WINAPI EnumDirTreeW(HANDLE, PCWSTR, PCWSTR, PWSTR, enumdir_cbW, PVOID);
PWSTR WINAPI SymSetHomeDirectoryW(HANDLE, PCWSTR);

static BOOL is_sep(WCHAR c)
{
    return c == '\\' || c == '/';
}

static WCHAR *to_wide(const char *s)
{
    return s ? dbg_strdup_AtoW(s) : NULL;
}

/* ---- MakeSureDirectoryPathExists --------------------------------------- */

/* Every directory of the path up to its last separator is created; what
 * follows the last separator is a file name, left alone. */
BOOL WINAPI MakeSureDirectoryPathExists(PCSTR path)
{
    WCHAR *w;
    BOOL ret;

    if (!path)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(w = to_wide(path)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = dbg_make_dirs(w);
    free(w);
    return ret;
}

BOOL dbg_make_dirs(const WCHAR *path)
{
    WCHAR *w, *p, *start, save;
    DWORD attrs;
    BOOL ret = TRUE;

    if (!(w = _wcsdup(path)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    /* Skip what names no directory to create: "C:\", "\\server\share\". */
    start = w;
    if (w[0] && w[1] == ':') start = w + 2;
    else if (is_sep(w[0]) && is_sep(w[1]))
    {
        int seps = 0;

        for (start = w + 2; *start && seps < 2; start++)
            if (is_sep(*start)) seps++;
    }
    while (is_sep(*start)) start++;
    for (p = start; *p && ret; p++)
    {
        if (!is_sep(*p)) continue;
        save = *p;
        *p = 0;
        attrs = GetFileAttributesW(w);
        if (attrs == INVALID_FILE_ATTRIBUTES)
            ret = CreateDirectoryW(w, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
        else if (!(attrs & FILE_ATTRIBUTE_DIRECTORY))
        {
            SetLastError(ERROR_ALREADY_EXISTS);
            ret = FALSE;
        }
        *p = save;
    }
    free(w);
    return ret;
}

/* ---- SymMatchFileName ---------------------------------------------------- */

/* Compare from the ends, case-insensitively, '/' matching '\'.  TRUE when
 * all of `match` is a suffix of `file`; the stop pointers get the last
 * positions compared (one before the start when that string was used up). */
static BOOL match_file_name(const WCHAR *file, const WCHAR *match, const WCHAR **fstop,
                            const WCHAR **mstop)
{
    const WCHAR *f = file + wcslen(file), *m = match + wcslen(match);

    while (f > file && m > match)
    {
        WCHAR a = f[-1], b = m[-1];

        if (towupper(a) != towupper(b) && !(is_sep(a) && is_sep(b))) break;
        f--;
        m--;
    }
    if (fstop) *fstop = f - 1;
    if (mstop) *mstop = m - 1;
    return m == match;
}

BOOL WINAPI SymMatchFileNameW(PCWSTR file, PCWSTR match, PWSTR *fstop, PWSTR *mstop)
{
    const WCHAR *f, *m;
    BOOL ret;

    if (!file || !match)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ret = match_file_name(file, match, &f, &m);
    if (fstop) *fstop = (PWSTR)f;
    if (mstop) *mstop = (PWSTR)m;
    return ret;
}

BOOL WINAPI SymMatchFileName(PCSTR file, PCSTR match, PSTR *fstop, PSTR *mstop)
{
    const char *f = file ? file + strlen(file) : NULL, *m = match ? match + strlen(match) : NULL;

    if (!file || !match)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* Byte-wise: the stop pointers point into the caller's strings. */
    while (f > file && m > match)
    {
        char a = f[-1], b = m[-1];

        if (toupper((unsigned char)a) != toupper((unsigned char)b) &&
            !(is_sep((BYTE)a) && is_sep((BYTE)b)))
            break;
        f--;
        m--;
    }
    if (fstop) *fstop = (PSTR)f - 1;
    if (mstop) *mstop = (PSTR)m - 1;
    return m == match;
}

/* ---- SearchTreeForFile, EnumDirTree ---------------------------------------- */

struct tree_walk
{
    const WCHAR *name;      /* what InputPathName asks for */
    enumdir_cbW cb;
    void *ctx;
    WCHAR path[MAX_PATH];   /* the directory, then the match */
    WCHAR last[MAX_PATH];   /* the last match */
    BOOL found;
};

/* A file matches when the name asked for is a suffix of its path ending at
 * a separator (a partial path matches its directories too). */
static BOOL tree_match(const WCHAR *path, const WCHAR *name)
{
    const WCHAR *f;

    if (!match_file_name(path, name, &f, NULL)) return FALSE;
    return f < path || is_sep(*f);
}

/* Returns TRUE when the walk is over (a match the callback accepted). */
static BOOL walk(struct tree_walk *t, unsigned depth)
{
    size_t len = wcslen(t->path);
    WIN32_FIND_DATAW fd;
    HANDLE h;
    int pass;

    if (len + 3 >= MAX_PATH) return FALSE;
    if (len && !is_sep(t->path[len - 1])) t->path[len++] = '\\';
    for (pass = 0; pass < 2; pass++)
    {
        wcscpy(t->path + len, L"*");
        if ((h = FindFirstFileW(t->path, &fd)) == INVALID_HANDLE_VALUE) continue;
        do
        {
            BOOL dir = (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;

            if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L"..")) continue;
            if (len + wcslen(fd.cFileName) + 1 >= MAX_PATH) continue;
            wcscpy(t->path + len, fd.cFileName);
            if (pass == 0 && !dir && tree_match(t->path, t->name))
            {
                t->found = TRUE;
                wcscpy(t->last, t->path);
                if (!t->cb || t->cb(t->path, t->ctx))
                {
                    FindClose(h);
                    return TRUE;
                }
            }
            if (pass == 1 && dir && depth < MAX_TREE_DEPTH && walk(t, depth + 1))
            {
                FindClose(h);
                return TRUE;
            }
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    t->path[len] = 0;
    return FALSE;
}

/* The walk of EnumDirTree(W) and SearchTreeForFile(W): TRUE when a match
 * ended it, with its path in out (MAX_PATH characters). */
static BOOL tree_search(const WCHAR *root, const WCHAR *name, WCHAR *out, enumdir_cbW cb,
                        void *ctx)
{
    struct tree_walk t;

    if (!root || !name || !*name)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(&t, 0, sizeof(t));
    t.name = name;
    t.cb = cb;
    t.ctx = ctx;
    if (wcslen(root) >= MAX_PATH - 2)
    {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    wcscpy(t.path, root);
    if (walk(&t, 0))
    {
        if (out) wcscpy(out, t.path);
        return TRUE;
    }
    /* Not ended by a match: out keeps the last one found, if any
     * (Microsoft's documentation of EnumDirTree). */
    if (out) wcscpy(out, t.found ? t.last : L"");
    SetLastError(ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* The buffer is left alone when nothing is found (Microsoft's
 * documentation of SearchTreeForFile). */
BOOL WINAPI SearchTreeForFileW(PWSTR root, PWSTR name, PWSTR out)
{
    WCHAR found[MAX_PATH];

    if (!tree_search(root, name, found, NULL, NULL)) return FALSE;
    if (out) wcscpy(out, found);
    return TRUE;
}

/* The process handle is optional (NULL); a handle given must be known. */
BOOL WINAPI EnumDirTreeW(HANDLE handle, PCWSTR root, PCWSTR name, PWSTR out, enumdir_cbW cb,
                         PVOID ctx)
{
    if (handle && !process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return tree_search(root, name, out, cb, ctx);
}

/* The ANSI forms: the callback gets the path in ANSI. */
struct enum_a
{
    PENUMDIRTREE_CALLBACK cb;
    void *ctx;
};

static BOOL CALLBACK enum_a_cb(PCWSTR path, PVOID ctx)
{
    struct enum_a *a = ctx;
    char buf[MAX_PATH * 2];

    dbg_WtoA(path, buf, sizeof(buf));
    return a->cb(buf, a->ctx);
}

static BOOL tree_search_a(HANDLE handle, BOOL check, PCSTR root, PCSTR name, PSTR out,
                          PENUMDIRTREE_CALLBACK cb, void *ctx)
{
    WCHAR *wroot = to_wide(root), *wname = to_wide(name), wout[MAX_PATH];
    struct enum_a a = { cb, ctx };
    BOOL ret;

    if (check && handle && !process_is_known(handle))
    {
        free(wroot);
        free(wname);
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    wout[0] = 0;
    ret = tree_search(wroot, wname, wout, cb ? enum_a_cb : NULL, &a);
    if (out) dbg_WtoA(wout, out, MAX_PATH);
    free(wroot);
    free(wname);
    return ret;
}

BOOL WINAPI SearchTreeForFile(PSTR root, PSTR name, PSTR out)
{
    char found[MAX_PATH];

    if (!tree_search_a(NULL, FALSE, root, name, found, NULL, NULL)) return FALSE;
    if (out) strcpy(out, found);
    return TRUE;
}

BOOL WINAPI EnumDirTree(HANDLE handle, PSTR root, PSTR name, PSTR out, PENUMDIRTREE_CALLBACK cb,
                        PVOID ctx)
{
    return tree_search_a(handle, TRUE, root, name, out, cb, ctx);
}

/* ---- the home directory ---------------------------------------------------- */

/* One for the DLL (as the symbol options are): the directory symbol
 * servers keep their downstream store ("sym") and source cache ("src")
 * under.  By default the directory dbghelp.dll was loaded from. */
static SRWLOCK home_lock = SRWLOCK_INIT;
static WCHAR home[MAX_PATH];
static char home_a[MAX_PATH * 2];

static void default_home(WCHAR *out)
{
    HMODULE self = NULL;
    WCHAR *slash;

    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                       GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)(void *)default_home, &self);
    if (!GetModuleFileNameW(self, out, MAX_PATH)) out[0] = 0;
    if ((slash = wcsrchr(out, '\\'))) *slash = 0;
}

static void set_home(const WCHAR *dir)
{
    AcquireSRWLockExclusive(&home_lock);
    if (dir) lstrcpynW(home, dir, MAX_PATH);
    else default_home(home);
    dbg_WtoA(home, home_a, sizeof(home_a));
    ReleaseSRWLockExclusive(&home_lock);
}

PWSTR WINAPI SymSetHomeDirectoryW(HANDLE handle, PCWSTR dir)
{
    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    set_home(dir);
    return home;
}

PCHAR WINAPI SymSetHomeDirectory(HANDLE handle, PCSTR dir)
{
    WCHAR *w = to_wide(dir);

    if (dir && !w)
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!SymSetHomeDirectoryW(handle, w))
    {
        free(w);
        return NULL;
    }
    free(w);
    return home_a;
}

/* hdBase, hdSym ("HOME\sym") or hdSrc ("HOME\src"). */
BOOL dbg_home_dir(DWORD type, WCHAR *out)
{
    static const WCHAR *const sub[] = { L"", L"\\sym", L"\\src" };

    if (type > hdSrc)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    AcquireSRWLockExclusive(&home_lock);
    if (!home[0]) default_home(home);
    lstrcpynW(out, home, MAX_PATH);
    ReleaseSRWLockExclusive(&home_lock);
    if (wcslen(out) + wcslen(sub[type]) >= MAX_PATH)
    {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    wcscat(out, sub[type]);
    return TRUE;
}

PWCHAR WINAPI SymGetHomeDirectoryW(DWORD type, PWSTR dir, size_t size)
{
    WCHAR buf[MAX_PATH];

    if (!dir || !size)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!dbg_home_dir(type, buf)) return NULL;
    if (wcslen(buf) >= size)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return NULL;
    }
    wcscpy(dir, buf);
    return dir;
}

PCHAR WINAPI SymGetHomeDirectory(DWORD type, PSTR dir, size_t size)
{
    WCHAR buf[MAX_PATH];
    char a[MAX_PATH * 2];

    if (!dir || !size)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!dbg_home_dir(type, buf)) return NULL;
    dbg_WtoA(buf, a, sizeof(a));
    if (strlen(a) >= size)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return NULL;
    }
    strcpy(dir, a);
    return dir;
}
