/*
 * symstore.c: the symbol search path and file-system symbol stores.
 *
 * A search path is a ';'-separated list of elements:
 *   DIR                      a directory: DIR\name (module loads also try
 *                            DIR\ext\name and DIR\symbols\ext\name, as
 *                            Windows does, ext being the name's extension)
 *   srv*S1*S2*...            symbol stores, searched in order; a file found
 *   SRV*downstream*upstream  in a later store is copied into the first one
 *   symsrv*symsrv.dll*S1...  the same, naming the symbol-server DLL
 *   cache*DIR                a store searched first, into which files
 *                            found by the elements after it are copied
 * A store holds name\INDEX\name, INDEX being file_key_string's text
 * (symstore's layout), or name\INDEX\file.ptr naming the file ("PATH:..."),
 * and with an index2.txt at its root the two-tier layout na\name\INDEX\name
 * (na: the name's first two characters).  Only file-system stores exist
 * here: an http:// or https:// store is skipped (there is no network), as
 * is any store when the caller has no index for the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
/* mingw's header declares SymFindFileInPathW with an ANSI result buffer;
 * the export follows Microsoft's declaration (a wide one). */
#define SymFindFileInPathW mingw_SymFindFileInPathW
#include "dbghelp_private.h"
#undef SymFindFileInPathW

BOOL WINAPI SymFindFileInPathW(HANDLE, PCWSTR, PCWSTR, PVOID, DWORD, DWORD, DWORD, PWSTR,
                               PFINDFILEINPATHCALLBACKW, PVOID);
/* Not in mingw's header. */
BOOL WINAPI SymSrvIsStoreW(HANDLE, PCWSTR);
BOOL WINAPI SymGetSymbolFileW(HANDLE, PCWSTR, PCWSTR, DWORD, PWSTR, size_t, PWSTR, size_t);
HANDLE WINAPI SymFindExecutableImageW(HANDLE, PCWSTR, PWSTR, PFIND_EXE_FILE_CALLBACKW, PVOID);
HANDLE WINAPI SymFindDebugInfoFileW(HANDLE, PCWSTR, PWSTR, PFIND_DEBUG_FILE_CALLBACKW, PVOID);

/* ---- keys and index strings ---------------------------------------------- */

BOOL file_key_string(const struct file_key *key, WCHAR *out, size_t size)
{
    WCHAR buf[64];
    const GUID *g = &key->guid;

    if (key->kind == FILE_KEY_PDB)
        swprintf(buf, ARRAY_SIZE(buf), L"%08lX%04X%04X%02X%02X%02X%02X%02X%02X%02X%02X%lx",
                 g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3],
                 g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7], key->age);
    else if (key->kind == FILE_KEY_IMAGE)
        swprintf(buf, ARRAY_SIZE(buf), L"%08lX%lx", key->stamp, key->size);
    else
        return FALSE;
    if (wcslen(buf) >= size)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    wcscpy(out, buf);
    return TRUE;
}

/* ---- stores ---------------------------------------------------------------- */

static BOOL file_exists(const WCHAR *path)
{
    DWORD attrs = GetFileAttributesW(path);
    return attrs != INVALID_FILE_ATTRIBUTES && !(attrs & FILE_ATTRIBUTE_DIRECTORY);
}

static BOOL is_remote(const WCHAR *store)
{
    return !_wcsnicmp(store, L"http://", 7) || !_wcsnicmp(store, L"https://", 8);
}

/* Where name would be in the store: STORE\[na\]name\INDEX\name. */
static BOOL store_path(const WCHAR *store, const WCHAR *name, const WCHAR *index, WCHAR *out)
{
    WCHAR probe[MAX_PATH];
    int two_tier, n;

    n = swprintf(probe, MAX_PATH, L"%ls\\index2.txt", store);
    two_tier = n > 0 && file_exists(probe);
    if (two_tier)
        n = swprintf(out, MAX_PATH, L"%ls\\%.2ls\\%ls\\%ls\\%ls", store, name, name, index, name);
    else
        n = swprintf(out, MAX_PATH, L"%ls\\%ls\\%ls\\%ls", store, name, index, name);
    return n > 0 && n < MAX_PATH;
}

/* The file in a store, following a file.ptr: TRUE with its path in out. */
static BOOL store_find(const WCHAR *store, const WCHAR *name, const WCHAR *index, WCHAR *out)
{
    WCHAR ptr[MAX_PATH], *slash;
    char text[MAX_PATH + 16];
    DWORD got = 0;
    HANDLE h;

    if (is_remote(store) || !store_path(store, name, index, out)) return FALSE;
    if (file_exists(out)) return TRUE;
    lstrcpynW(ptr, out, MAX_PATH);
    if (!(slash = wcsrchr(ptr, '\\')) || slash - ptr + 10 >= MAX_PATH) return FALSE;
    wcscpy(slash + 1, L"file.ptr");
    h = CreateFileW(ptr, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) return FALSE;
    if (!ReadFile(h, text, sizeof(text) - 1, &got, NULL)) got = 0;
    CloseHandle(h);
    text[got] = 0;
    while (got && (text[got - 1] == '\r' || text[got - 1] == '\n' || text[got - 1] == ' '))
        text[--got] = 0;
    if (_strnicmp(text, "PATH:", 5)) return FALSE; /* "MSG:..." says why there is none */
    if (!MultiByteToWideChar(CP_ACP, 0, text + 5, -1, out, MAX_PATH)) return FALSE;
    return file_exists(out);
}

/* Copy a file found elsewhere into a store (downstream or cache): the
 * copy's path in out. */
static BOOL store_copy(const WCHAR *store, const WCHAR *name, const WCHAR *index,
                       const WCHAR *from, WCHAR *out)
{
    if (is_remote(store) || !store_path(store, name, index, out)) return FALSE;
    if (file_exists(out)) return TRUE;
    return dbg_make_dirs(out) && CopyFileW(from, out, TRUE);
}

/* ---- the walk ---------------------------------------------------------------- */

struct walk
{
    const WCHAR *name;
    const WCHAR *ext;         /* the DIR\ext folders' name, else name's */
    const struct file_key *key;
    WCHAR index[64];
    unsigned flags;
    BOOL (*fn)(const WCHAR *candidate, void *ctx);
    void *ctx;
    WCHAR cache[MAX_PATH];    /* the last cache* element, or empty */
};

/* Offer a candidate to the caller, as a full path; a file found after a
 * cache* element (not in the cache itself) is copied into the cache
 * first, and the copy offered. */
static BOOL offer(struct walk *w, const WCHAR *candidate, BOOL from_cache)
{
    WCHAR full[MAX_PATH], copy[MAX_PATH];

    if (!GetFullPathNameW(candidate, MAX_PATH, full, NULL)) lstrcpynW(full, candidate, MAX_PATH);
    if (!from_cache && w->cache[0] && w->index[0] &&
        store_copy(w->cache, w->name, w->index, full, copy))
        return w->fn(copy, w->ctx);
    return w->fn(full, w->ctx);
}

static BOOL try_dir(struct walk *w, const WCHAR *dir)
{
    const WCHAR *dot = wcsrchr(w->name, '.'), *ext = w->ext ? w->ext : dot ? dot + 1 : NULL;
    WCHAR cand[MAX_PATH];
    const WCHAR *sep = dir[wcslen(dir) - 1] == '\\' || dir[wcslen(dir) - 1] == '/' ? L"" : L"\\";
    int n;

    n = swprintf(cand, MAX_PATH, L"%ls%ls%ls", dir, sep, w->name);
    if (n > 0 && n < MAX_PATH && file_exists(cand) && offer(w, cand, FALSE)) return TRUE;
    if (!(w->flags & PATH_EXT_DIRS) || !ext || !ext[0]) return FALSE;
    n = swprintf(cand, MAX_PATH, L"%ls%ls%ls\\%ls", dir, sep, ext, w->name);
    if (n > 0 && n < MAX_PATH && file_exists(cand) && offer(w, cand, FALSE)) return TRUE;
    n = swprintf(cand, MAX_PATH, L"%ls%lssymbols\\%ls\\%ls", dir, sep, ext, w->name);
    return n > 0 && n < MAX_PATH && file_exists(cand) && offer(w, cand, FALSE);
}

/* srv*S1*S2...: the first store that has the file; a later one's copy
 * goes into S1 (the downstream store). */
static BOOL try_stores(struct walk *w, WCHAR *list)
{
    WCHAR *stores[16], *p, found[MAX_PATH], copy[MAX_PATH], home[MAX_PATH];
    unsigned n = 0, i;

    for (p = list; p && n < ARRAY_SIZE(stores); )
    {
        WCHAR *next = wcschr(p, '*');

        if (next) *next++ = 0;
        if (*p) stores[n++] = p;
        p = next;
    }
    if (!n)
    {
        /* "srv*" alone: the default downstream store, HOME\sym. */
        if (!dbg_home_dir(hdSym, home)) return FALSE;
        stores[n++] = home;
    }
    if (!w->index[0]) return FALSE;
    for (i = 0; i < n; i++)
    {
        if (!store_find(stores[i], w->name, w->index, found)) continue;
        if (i && n > 1 && store_copy(stores[0], w->name, w->index, found, copy))
            return offer(w, copy, FALSE);
        return offer(w, found, FALSE);
    }
    return FALSE;
}

BOOL path_walk(const WCHAR *dirs, const WCHAR *name, const struct file_key *key, unsigned flags,
               BOOL (*fn)(const WCHAR *candidate, void *ctx), void *ctx)
{
    return path_walk_ext(dirs, name, NULL, key, flags, fn, ctx);
}

BOOL path_walk_ext(const WCHAR *dirs, const WCHAR *name, const WCHAR *ext, const struct file_key *key,
                   unsigned flags, BOOL (*fn)(const WCHAR *candidate, void *ctx), void *ctx)
{
    struct walk w;
    WCHAR *path, *elem, *next;
    BOOL done = FALSE;

    memset(&w, 0, sizeof(w));
    w.name = name;
    w.ext = ext && *ext ? ext : NULL;
    w.key = key;
    w.flags = flags;
    w.fn = fn;
    w.ctx = ctx;
    if (key && !file_key_string(key, w.index, ARRAY_SIZE(w.index))) w.index[0] = 0;
    if (!name || !*name || !(path = _wcsdup(dirs ? dirs : L""))) return FALSE;
    for (elem = path; elem && !done; elem = next)
    {
        if ((next = wcschr(elem, ';'))) *next++ = 0;
        while (*elem == ' ') elem++;
        if (!*elem) continue;
        if (!_wcsnicmp(elem, L"srv*", 4)) done = try_stores(&w, elem + 4);
        else if (!_wcsnicmp(elem, L"symsrv*", 7))
        {
            WCHAR *stores = wcschr(elem + 7, '*'); /* past the DLL's name */
            done = stores && try_stores(&w, stores + 1);
        }
        else if (!_wcsnicmp(elem, L"cache*", 6))
        {
            WCHAR found[MAX_PATH];

            lstrcpynW(w.cache, elem + 6, MAX_PATH);
            if (!w.cache[0] && !dbg_home_dir(hdSym, w.cache)) w.cache[0] = 0;
            done = w.index[0] && store_find(w.cache, name, w.index, found) && offer(&w, found, TRUE);
        }
        else done = try_dir(&w, elem);
    }
    free(path);
    return done;
}

/* ---- SymFindFileInPath ------------------------------------------------------- */

/* The identity SymFindFileInPath's id, two and three give under flags. */
static void key_from_args(const void *id, DWORD two, DWORD three, DWORD flags,
                          struct file_key *key)
{
    memset(key, 0, sizeof(*key));
    if (flags & SSRVOPT_GUIDPTR)
    {
        if (!id) return;
        key->kind = FILE_KEY_PDB;
        memcpy(&key->guid, id, sizeof(key->guid));
        key->age = three;
    }
    else if (flags & SSRVOPT_DWORDPTR)
    {
        if (!id) return;
        key->kind = FILE_KEY_IMAGE;
        memcpy(&key->stamp, id, sizeof(key->stamp));
        key->size = two;
    }
    else if (flags & SSRVOPT_DWORD)
    {
        key->kind = FILE_KEY_IMAGE;
        key->stamp = (DWORD)(ULONG_PTR)id;
        key->size = two;
    }
}

struct find_in_path
{
    const struct file_key *key;
    PFINDFILEINPATHCALLBACKW cb;
    void *user;
    WCHAR *found;
};

/* Without a callback a file must match the identity, when one is given. */
static BOOL file_matches(const WCHAR *path, const struct file_key *key)
{
    struct file_key have;

    if (key->kind == FILE_KEY_NONE) return TRUE;
    if (!file_key_of(path, &have) || have.kind != key->kind) return FALSE;
    if (key->kind == FILE_KEY_PDB) return IsEqualGUID(&have.guid, &key->guid) && have.age == key->age;
    return have.stamp == key->stamp && have.size == key->size;
}

/* The callback sees every candidate, matching or not (Windows does not
 * check the identity before calling it: Wine's path.c tests); it returns
 * FALSE to take the file, TRUE to go on. */
static BOOL find_in_path_try(const WCHAR *candidate, void *ctx)
{
    struct find_in_path *f = ctx;

    if (f->cb ? f->cb(candidate, f->user) : !file_matches(candidate, f->key)) return FALSE;
    lstrcpynW(f->found, candidate, MAX_PATH);
    return TRUE;
}

BOOL WINAPI SymFindFileInPathW(HANDLE handle, PCWSTR search_path, PCWSTR file, PVOID id, DWORD two,
                               DWORD three, DWORD flags, PWSTR found, PFINDFILEINPATHCALLBACKW cb,
                               PVOID user)
{
    struct find_in_path f;
    struct file_key key;
    WCHAR *path;
    BOOL ret;

    if (!(path = handle_search_path(handle))) return FALSE;
    if (!file || !found)
    {
        free(path);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (search_path)
    {
        free(path);
        path = _wcsdup(search_path);
    }
    key_from_args(id, two, three, flags, &key);
    f.key = &key;
    f.cb = cb;
    f.user = user;
    f.found = found;
    /* Only the file name counts: a directory in it is not searched. */
    ret = path && path_walk(path, file_part(file), &key, 0, find_in_path_try, &f);
    free(path);
    if (!ret) SetLastError(ERROR_FILE_NOT_FOUND);
    return ret;
}

struct find_in_path_a
{
    PFINDFILEINPATHCALLBACK cb;
    void *user;
};

static BOOL CALLBACK find_in_path_a_cb(PCWSTR path, PVOID ctx)
{
    struct find_in_path_a *a = ctx;
    char buf[MAX_PATH * 2];

    dbg_WtoA(path, buf, sizeof(buf));
    return a->cb(buf, a->user);
}

BOOL WINAPI SymFindFileInPath(HANDLE handle, PCSTR search_path, PCSTR file, PVOID id, DWORD two,
                              DWORD three, DWORD flags, PSTR found, PFINDFILEINPATHCALLBACK cb,
                              PVOID user)
{
    struct find_in_path_a a = { cb, user };
    WCHAR *wpath = search_path ? dbg_strdup_AtoW(search_path) : NULL;
    WCHAR *wfile = file ? dbg_strdup_AtoW(file) : NULL, wfound[MAX_PATH];
    BOOL ret;

    if ((search_path && !wpath) || (file && !wfile))
    {
        free(wpath);
        free(wfile);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymFindFileInPathW(handle, wpath, wfile, id, two, three, flags, found ? wfound : NULL,
                             cb ? find_in_path_a_cb : NULL, &a);
    if (ret) dbg_WtoA(wfound, found, MAX_PATH);
    free(wpath);
    free(wfile);
    return ret;
}

/* ---- FindExecutableImage, FindDebugInfoFile ---------------------------------- */

typedef BOOL (CALLBACK *find_file_cb)(HANDLE file, PCWSTR path, PVOID user);

struct open_search
{
    find_file_cb cb;
    void *user;
    WCHAR *out;
    HANDLE file;
};

/* Open the candidate; the callback may refuse it (FALSE). */
static BOOL open_try(const WCHAR *candidate, void *ctx)
{
    struct open_search *s = ctx;
    HANDLE h = open_image(candidate);

    if (h == INVALID_HANDLE_VALUE) return FALSE;
    if (s->cb && !s->cb(h, candidate, s->user))
    {
        CloseHandle(h);
        return FALSE;
    }
    s->file = h;
    if (s->out) lstrcpynW(s->out, candidate, MAX_PATH);
    return TRUE;
}

/* The name as given, then its file name along the path (DIR, DIR\ext,
 * DIR\symbols\ext): the open file, or NULL with ERROR_FILE_NOT_FOUND. */
static HANDLE open_along(const WCHAR *name, const WCHAR *path, WCHAR *out, find_file_cb cb,
                         void *user)
{
    struct open_search s = { cb, user, out, NULL };
    WCHAR full[MAX_PATH];

    if (!name || !*name)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (GetFullPathNameW(name, MAX_PATH, full, NULL) && file_exists(full) && open_try(full, &s))
        return s.file;
    if (path && path_walk(path, file_part(name), NULL, PATH_EXT_DIRS, open_try, &s)) return s.file;
    if (out) *out = 0;
    SetLastError(ERROR_FILE_NOT_FOUND);
    return NULL;
}

HANDLE WINAPI FindExecutableImageExW(PCWSTR name, PCWSTR path, PWSTR out,
                                     PFIND_EXE_FILE_CALLBACKW cb, PVOID user)
{
    return open_along(name, path, out, (find_file_cb)cb, user);
}

HANDLE WINAPI FindDebugInfoFileExW(PCWSTR name, PCWSTR path, PWSTR out,
                                   PFIND_DEBUG_FILE_CALLBACKW cb, PVOID user)
{
    return open_along(name, path, out, (find_file_cb)cb, user);
}

/* The ANSI forms and their callbacks. */
typedef BOOL (CALLBACK *find_file_cb_a)(HANDLE file, PCSTR path, PVOID user);

struct open_a
{
    find_file_cb_a cb;
    void *user;
};

static BOOL CALLBACK open_a_cb(HANDLE file, PCWSTR path, PVOID ctx)
{
    struct open_a *a = ctx;
    char buf[MAX_PATH * 2];

    dbg_WtoA(path, buf, sizeof(buf));
    return a->cb(file, buf, a->user);
}

static HANDLE open_along_a(HANDLE handle, BOOL use_process, PCSTR name, PCSTR path, PSTR out,
                           find_file_cb_a cb, void *user)
{
    struct open_a a = { cb, user };
    WCHAR *wname, *wpath = NULL, wout[MAX_PATH];
    HANDLE h;

    if (use_process && !(wpath = handle_search_path(handle))) return NULL;
    wname = name ? dbg_strdup_AtoW(name) : NULL;
    if (!use_process && path)
        wpath = dbg_strdup_AtoW(path);
    h = open_along(wname, wpath, wout, cb ? open_a_cb : NULL, &a);
    if (out) dbg_WtoA(h ? wout : L"", out, MAX_PATH);
    free(wname);
    free(wpath);
    return h;
}

HANDLE WINAPI FindExecutableImageEx(PCSTR name, PCSTR path, PSTR out, PFIND_EXE_FILE_CALLBACK cb,
                                    PVOID user)
{
    return open_along_a(NULL, FALSE, name, path, out, (find_file_cb_a)cb, user);
}

HANDLE WINAPI FindExecutableImage(PCSTR name, PCSTR path, PSTR out)
{
    return open_along_a(NULL, FALSE, name, path, out, NULL, NULL);
}

HANDLE WINAPI FindDebugInfoFileEx(PCSTR name, PCSTR path, PSTR out, PFIND_DEBUG_FILE_CALLBACK cb,
                                  PVOID user)
{
    return open_along_a(NULL, FALSE, name, path, out, (find_file_cb_a)cb, user);
}

HANDLE WINAPI FindDebugInfoFile(PCSTR name, PCSTR path, PSTR out)
{
    return open_along_a(NULL, FALSE, name, path, out, NULL, NULL);
}

/* The Sym* forms search the process's symbol search path. */
static HANDLE sym_open_along(HANDLE handle, PCWSTR name, PWSTR out, find_file_cb cb, void *user)
{
    WCHAR *path = handle_search_path(handle);
    HANDLE h;

    if (!path) return NULL;
    h = open_along(name, path, out, cb, user);
    free(path);
    return h;
}

HANDLE WINAPI SymFindExecutableImageW(HANDLE handle, PCWSTR name, PWSTR out,
                                      PFIND_EXE_FILE_CALLBACKW cb, PVOID user)
{
    return sym_open_along(handle, name, out, (find_file_cb)cb, user);
}

HANDLE WINAPI SymFindDebugInfoFileW(HANDLE handle, PCWSTR name, PWSTR out,
                                    PFIND_DEBUG_FILE_CALLBACKW cb, PVOID user)
{
    return sym_open_along(handle, name, out, (find_file_cb)cb, user);
}

HANDLE WINAPI SymFindExecutableImage(HANDLE handle, PCSTR name, PSTR out,
                                     PFIND_EXE_FILE_CALLBACK cb, PVOID user)
{
    return open_along_a(handle, TRUE, name, NULL, out, (find_file_cb_a)cb, user);
}

HANDLE WINAPI SymFindDebugInfoFile(HANDLE handle, PCSTR name, PSTR out,
                                   PFIND_DEBUG_FILE_CALLBACK cb, PVOID user)
{
    return open_along_a(handle, TRUE, name, NULL, out, (find_file_cb_a)cb, user);
}

/* ---- SymSrvIsStore ------------------------------------------------------------ */

/* A directory symstore made: pingme.txt or index2.txt at its root, or its
 * 000Admin folder. */
BOOL WINAPI SymSrvIsStoreW(HANDLE handle, PCWSTR path)
{
    static const WCHAR *const marks[] = { L"pingme.txt", L"index2.txt", L"000Admin" };
    WCHAR probe[MAX_PATH];
    unsigned i;

    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!path || !*path)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (i = 0; i < ARRAY_SIZE(marks); i++)
    {
        int n = swprintf(probe, MAX_PATH, L"%ls\\%ls", path, marks[i]);

        if (n > 0 && n < MAX_PATH && GetFileAttributesW(probe) != INVALID_FILE_ATTRIBUTES)
            return TRUE;
    }
    SetLastError(ERROR_FILE_NOT_FOUND);
    return FALSE;
}

BOOL WINAPI SymSrvIsStore(HANDLE handle, PCSTR path)
{
    WCHAR *w = path ? dbg_strdup_AtoW(path) : NULL;
    BOOL ret;

    if (path && !w)
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymSrvIsStoreW(handle, w);
    free(w);
    return ret;
}

/* ---- the deprecated forms and SymGetSymbolFile ------------------------------------ */

BOOL WINAPI FindFileInPath(HANDLE handle, PCSTR search_path, PCSTR file, PVOID id, DWORD two,
                           DWORD three, DWORD flags, PSTR found)
{
    return SymFindFileInPath(handle, search_path, file, id, two, three, flags, found, NULL, NULL);
}

BOOL WINAPI FindFileInSearchPath(HANDLE handle, PCSTR search_path, PCSTR file, DWORD one, DWORD two,
                                 DWORD three, PSTR found)
{
    return SymFindFileInPath(handle, search_path, file, (PVOID)(ULONG_PTR)one, two, three,
                             SSRVOPT_DWORD, found, NULL, NULL);
}

/* The file of a given kind for an image: sfImage the image itself (by its
 * stamp and size), sfDbg its .dbg file, sfPdb the PDB its CodeView record
 * names (by GUID and age), along the search path (the process's when NULL)
 * and its stores.  FALSE with ERROR_FILE_NOT_FOUND when there is none. */
#ifndef sfImage
#define sfImage 0
#define sfDbg 1
#define sfPdb 2
#define sfMpd 3
#endif

BOOL WINAPI SymGetSymbolFileW(HANDLE handle, PCWSTR sym_path, PCWSTR image, DWORD type, PWSTR out,
                              size_t out_len, PWSTR dbg_out, size_t dbg_len)
{
    struct file_key key;
    SYMSRV_INDEX_INFOW info;
    WCHAR name[MAX_PATH], found[MAX_PATH], *dot;
    DWORD flags = 0;
    GUID guid;
    BOOL ret;

    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!image || !out || !out_len || type > sfPdb)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    info.sizeofstruct = sizeof(info);
    if (!file_key_of(image, &key) || !SymSrvGetFileIndexInfoW(image, &info, 0))
    {
        memset(&info, 0, sizeof(info));
        if (key.kind != FILE_KEY_IMAGE) return FALSE;
    }
    lstrcpynW(name, file_part(image), MAX_PATH);
    if (type == sfPdb)
    {
        if (!info.pdbfile[0]) { SetLastError(ERROR_FILE_NOT_FOUND); return FALSE; }
        lstrcpynW(name, file_part(info.pdbfile), MAX_PATH);
        guid = info.guid;
        ret = SymFindFileInPathW(handle, sym_path, name, &guid, 0, info.age, SSRVOPT_GUIDPTR, found,
                                 NULL, NULL);
    }
    else
    {
        if (type == sfDbg)
        {
            if (info.dbgfile[0]) lstrcpynW(name, file_part(info.dbgfile), MAX_PATH);
            else if ((dot = wcsrchr(name, '.')) && dot - name + 5 < MAX_PATH) wcscpy(dot, L".dbg");
        }
        flags = SSRVOPT_DWORDPTR;
        ret = SymFindFileInPathW(handle, sym_path, name, &key.stamp, key.size, 0, flags, found,
                                 NULL, NULL);
    }
    if (!ret) return FALSE;
    if (wcslen(found) >= out_len)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    wcscpy(out, found);
    if (dbg_out && dbg_len) dbg_out[0] = 0;
    return TRUE;
}

BOOL WINAPI SymGetSymbolFile(HANDLE handle, PCSTR sym_path, PCSTR image, DWORD type, PSTR out,
                             size_t out_len, PSTR dbg_out, size_t dbg_len)
{
    WCHAR *wsym = sym_path ? dbg_strdup_AtoW(sym_path) : NULL, *wimage = image ? dbg_strdup_AtoW(image) : NULL;
    WCHAR wout[MAX_PATH];
    char a[MAX_PATH * 2];
    BOOL ret;

    if (!out || !out_len)
    {
        free(wsym);
        free(wimage);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ret = SymGetSymbolFileW(handle, wsym, wimage, type, wout, MAX_PATH, NULL, 0);
    free(wsym);
    free(wimage);
    if (!ret) return FALSE;
    dbg_WtoA(wout, a, sizeof(a));
    if (strlen(a) >= out_len)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    strcpy(out, a);
    if (dbg_out && dbg_len) dbg_out[0] = 0;
    return TRUE;
}

/* ---- SymSrvStoreFile: writing a local store --------------------------------------- */

/* The store a server path names: "srv*DIR" (the first store), or DIR. */
static BOOL store_dir(const WCHAR *srv, WCHAR *out)
{
    const WCHAR *p = srv;
    const WCHAR *end;

    if (!_wcsnicmp(p, L"srv*", 4)) p += 4;
    else if (!_wcsnicmp(p, L"symsrv*", 7) && (p = wcschr(p + 7, '*'))) p++;
    if (!p || !*p) return FALSE;
    end = wcschr(p, '*');
    if (!end) end = p + wcslen(p);
    if (end - p >= MAX_PATH || is_remote(p)) return FALSE;
    memcpy(out, p, (end - p) * sizeof(WCHAR));
    out[end - p] = 0;
    return TRUE;
}

static WCHAR stored_w[MAX_PATH];
static char stored_a[MAX_PATH * 2];

PCWSTR WINAPI SymSrvStoreFileW(HANDLE handle, PCWSTR srv_path, PCWSTR file, DWORD flags)
{
    WCHAR store[MAX_PATH], index[64], dest[MAX_PATH], ping[MAX_PATH];
    struct file_key key;
    HANDLE h;

    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (!srv_path || !file || !store_dir(srv_path, store))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (flags & SYMSTOREOPT_COMPRESS)
    {
        SetLastError(ERROR_NOT_SUPPORTED); /* cabinet compression is not written here */
        return NULL;
    }
    if (!file_key_of(file, &key) || !file_key_string(&key, index, ARRAY_SIZE(index))) return NULL;
    if (!store_path(store, file_part(file), index, dest)) return NULL;
    if (flags & SYMSTOREOPT_POINTER)
    {
        WCHAR *slash = wcsrchr(dest, '\\');
        char text[MAX_PATH * 2 + 8], full[MAX_PATH * 2];
        WCHAR wfull[MAX_PATH];
        DWORD written;

        if (!slash) return NULL;
        wcscpy(slash + 1, L"file.ptr");
        if (!GetFullPathNameW(file, MAX_PATH, wfull, NULL)) return NULL;
        dbg_WtoA(wfull, full, sizeof(full));
        snprintf(text, sizeof(text), "PATH:%s", full);
        if (!dbg_make_dirs(dest)) return NULL;
        h = CreateFileW(dest, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) return NULL;
        WriteFile(h, text, (DWORD)strlen(text), &written, NULL);
        CloseHandle(h);
    }
    else if (file_exists(dest) && !(flags & SYMSTOREOPT_OVERWRITE))
    {
        if (!(flags & SYMSTOREOPT_PASS_IF_EXISTS))
        {
            SetLastError(ERROR_ALREADY_EXISTS);
            return NULL;
        }
    }
    else if (!dbg_make_dirs(dest) || !CopyFileW(file, dest, FALSE))
        return NULL;
    /* symstore marks its stores with pingme.txt. */
    if (swprintf(ping, MAX_PATH, L"%ls\\pingme.txt", store) > 0 && !file_exists(ping))
    {
        h = CreateFileW(ping, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
    lstrcpynW(stored_w, flags & SYMSTOREOPT_RETURNINDEX ? index : dest, MAX_PATH);
    return stored_w;
}

PCSTR WINAPI SymSrvStoreFile(HANDLE handle, PCSTR srv_path, PCSTR file, DWORD flags)
{
    WCHAR *wsrv = srv_path ? dbg_strdup_AtoW(srv_path) : NULL, *wfile = file ? dbg_strdup_AtoW(file) : NULL;
    PCWSTR ret = SymSrvStoreFileW(handle, wsrv, wfile, flags);

    free(wsrv);
    free(wfile);
    if (!ret) return NULL;
    dbg_WtoA(ret, stored_a, sizeof(stored_a));
    return stored_a;
}
