/*
 * pathsearch.c: finding files along a search path and in symbol stores:
 * SymFindFileInPath(W), FindExecutableImage(Ex)(W), FindDebugInfoFile(Ex),
 * SymFindExecutableImage, SymFindDebugInfoFile, SymSrvIsStore, and module
 * loads from DIR\ext\ and srv* stores.
 *
 * Evidence for Windows: Wine's dbghelp tests (path.c, test_find_in_path_pe
 * and test_find_in_path_pdb, which pass on Windows): the directories are
 * searched in order and not recursed into, the callback sees every
 * candidate (with its full path) before any identity check and returns
 * FALSE to take it, a directory in the file name is not searched, the
 * DIR\ext\ subdirectories that module loads use are not searched, and a
 * failure is ERROR_FILE_NOT_FOUND.  The store layout is symstore's
 * (Microsoft's "Symbol Store Folder Tree" and "SymSrv" documentation:
 * name\INDEX\name, file.ptr, index2.txt two-tier stores, srv*downstream*
 * upstream copying, cache*).  Wine 8.0's builtin has no symbol stores (a
 * srv* element answers with a bare file name), calls a NULL callback, and
 * does not ask FindExecutableImageEx's callback; see the todo_wine marks;
 * its SymSrvIsStore, SymFindExecutableImage and SymFindDebugInfoFile are
 * stubs that abort, not called there.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "mkpe.h"
#include <dbghelp.h>

static BOOL (WINAPI *pSymFindFileInPathW)(HANDLE, PCWSTR, PCWSTR, PVOID, DWORD, DWORD, DWORD, PWSTR,
                                          PFINDFILEINPATHCALLBACKW, PVOID);
static BOOL (WINAPI *pSymFindFileInPath)(HANDLE, PCSTR, PCSTR, PVOID, DWORD, DWORD, DWORD, PSTR,
                                         PFINDFILEINPATHCALLBACK, PVOID);
static HANDLE (WINAPI *pFindExecutableImageEx)(PCSTR, PCSTR, PSTR, PFIND_EXE_FILE_CALLBACK, PVOID);
static HANDLE (WINAPI *pFindExecutableImage)(PCSTR, PCSTR, PSTR);
static HANDLE (WINAPI *pFindDebugInfoFile)(PCSTR, PCSTR, PSTR);
static HANDLE (WINAPI *pSymFindExecutableImage)(HANDLE, PCSTR, PSTR, PFIND_EXE_FILE_CALLBACK, PVOID);
static HANDLE (WINAPI *pSymFindDebugInfoFile)(HANDLE, PCSTR, PSTR, PFIND_DEBUG_FILE_CALLBACK, PVOID);
static BOOL (WINAPI *pSymSrvIsStore)(HANDLE, PCSTR);

static HANDLE proc = (HANDLE)(ULONG_PTR)0x9a7c9a7c;
static char top[MAX_PATH];      /* wtest_tmpdir\ps, no trailing backslash */

#define STAMP 0x12345678
#define SIZE 0x0030cafe
#define INDEX "1234567830cafe"

static void path_of(char *out, const char *rel)
{
    snprintf(out, MAX_PATH, "%s%s%s", top, *rel ? "\\" : "", rel);
}

static BOOL make_image(const char *rel)
{
    char path[MAX_PATH];
    struct mkpe pe;

    path_of(path, rel);
    if (!MakeSureDirectoryPathExists(path)) return FALSE;
    memset(&pe, 0, sizeof(pe));
    pe.pe64 = TRUE;
    pe.timestamp = STAMP;
    pe.size_of_image = SIZE;
    return mkpe_write(path, &pe);
}

struct seen
{
    unsigned calls;
    char accept[MAX_PATH];      /* the candidate to take; "" takes none */
    BOOL full_paths;
};

static BOOL CALLBACK seen_cb(PCSTR path, PVOID ctx)
{
    struct seen *s = ctx;

    s->calls++;
    if (!(path[0] && path[1] == ':')) s->full_paths = FALSE;
    return _stricmp(path, s->accept) != 0;  /* FALSE takes it */
}

static BOOL find(const char *dirs, const char *file, struct seen *s, char *found)
{
    char search[MAX_PATH * 2] = "", *p;
    const char *d;
    DWORD stamp = STAMP;

    /* dirs: '.' is top, letters are top\X, '|' separates */
    for (d = dirs; *d; d++)
    {
        char sub[3] = { '\\', *d, 0 };

        if (*d == '|') continue;
        p = search + strlen(search);
        snprintf(p, sizeof(search) - (p - search), "%s%s%s", *search ? ";" : "", top,
                 *d == '.' ? "" : sub);
    }
    s->calls = 0;
    s->full_paths = TRUE;
    found[0] = 0;
    SetLastError(0xdeadbeef);
    return pSymFindFileInPath(proc, search, file, &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                              seen_cb, s);
}

static void test_find_in_path(void)
{
    char found[MAX_PATH], want[MAX_PATH], full[MAX_PATH];
    struct seen s;
    BOOL ret;

    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    ok(make_image("foo.dll") && make_image("A\\foo.dll") && make_image("B\\foo.dll") &&
       make_image("C\\dll\\foo.dll") && make_image("C\\symbols\\dll\\foo.dll"),
       "cannot write the images\n");

    /* In the directory itself. */
    memset(&s, 0, sizeof(s));
    path_of(s.accept, "foo.dll");
    ret = find(".", "foo.dll", &s, found);
    ok(ret && !_stricmp(found, s.accept), "top: %d %s\n", ret, found);
    todo_wine ok(s.calls == 1 && s.full_paths, "top: %u calls, full paths %d\n", s.calls, s.full_paths);
    /* The callback sees what it refuses too; then nothing is found. */
    s.accept[0] = 0;
    ret = find(".", "foo.dll", &s, found);
    ok(!ret, "refused file found\n");
    todo_wine ok(GetLastError() == ERROR_FILE_NOT_FOUND, "refused: error %lu\n", GetLastError());
    todo_wine ok(s.calls == 1, "refused: %u calls\n", s.calls);
    /* In order: A before B; B refused, A taken. */
    path_of(s.accept, "A\\foo.dll");
    ret = find("A|B", "foo.dll", &s, found);
    ok(ret && !_stricmp(found, s.accept), "A;B: %d %s\n", ret, found);
    todo_wine ok(s.calls == 1, "A;B: %u calls\n", s.calls);
    ret = find("B|A", "foo.dll", &s, found);
    todo_wine ok(ret && !_stricmp(found, s.accept) && s.calls == 2, "B;A: %d %s %u\n", ret, found,
                 s.calls);
    /* No recursion, no DIR\ext\ subdirectories, no directory from the name. */
    path_of(s.accept, "C\\dll\\foo.dll");
    ret = find("C", "foo.dll", &s, found);
    ok(!ret, "C: found %s\n", found);
    todo_wine ok(s.calls == 0, "C: %u calls\n", s.calls);
    path_of(full, "foo.dll");
    path_of(s.accept, "foo.dll");
    ret = find("A|B", full, &s, found);
    todo_wine ok(!ret, "the name's directory was searched: %s\n", found);
    /* The Unicode form. */
    {
        WCHAR wsearch[MAX_PATH], wfound[MAX_PATH];
        DWORD stamp = STAMP;

        path_of(want, "A");
        MultiByteToWideChar(CP_ACP, 0, want, -1, wsearch, MAX_PATH);
        ret = pSymFindFileInPathW(proc, wsearch, L"foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR,
                                  wfound, NULL, NULL);
        path_of(want, "A\\foo.dll");
        WideCharToMultiByte(CP_ACP, 0, wfound, -1, found, MAX_PATH, NULL, NULL);
        todo_wine ok(ret && !_stricmp(found, want), "W without callback: %d %s\n", ret, found);
    }
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

static BOOL CALLBACK take_cb(PCSTR path, PVOID ctx)
{
    (void)path; (void)ctx;
    return FALSE;
}

/* srv* stores: name\INDEX\name, downstream copies, file.ptr, two tiers,
 * cache*, remote stores skipped.  (A callback that takes every candidate:
 * Wine's builtin calls a NULL one.) */
static void test_stores(void)
{
    char found[MAX_PATH], want[MAX_PATH], search[MAX_PATH * 3], s1[MAX_PATH], s2[MAX_PATH];
    char d[MAX_PATH], c[MAX_PATH];
    DWORD stamp = STAMP, written;
    HANDLE h;
    BOOL ret;

    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    ok(make_image("S1\\foo.dll\\" INDEX "\\foo.dll"), "cannot write the store\n");
    path_of(s1, "S1");
    path_of(d, "Down");
    path_of(c, "Cache");

    snprintf(search, sizeof(search), "srv*%s", s1);
    ret = pSymFindFileInPath(proc, search, "foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    path_of(want, "S1\\foo.dll\\" INDEX "\\foo.dll");
    todo_wine ok(ret && !_stricmp(found, want), "store: %d %s\n", ret, found);
    /* Another identity is another directory: not there. */
    stamp = STAMP + 1;
    ret = pSymFindFileInPath(proc, search, "foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    todo_wine ok(!ret, "wrong identity found %s\n", found);
    stamp = STAMP;
    /* The name's case does not matter. */
    ret = pSymFindFileInPath(proc, search, "FOO.DLL", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    ok(ret, "upper-case name not found\n");

    /* Downstream: found upstream, copied down, the copy returned. */
    snprintf(search, sizeof(search), "SRV*%s*%s", d, s1);
    ret = pSymFindFileInPath(proc, search, "foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    path_of(want, "Down\\foo.dll\\" INDEX "\\foo.dll");
    todo_wine ok(ret && !_stricmp(found, want), "downstream: %d %s\n", ret, found);
    todo_wine ok(GetFileAttributesA(want) != INVALID_FILE_ATTRIBUTES, "no downstream copy\n");

    /* cache*: files found after it are copied into it. */
    snprintf(search, sizeof(search), "cache*%s;srv*%s", c, s1);
    ret = pSymFindFileInPath(proc, search, "foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    path_of(want, "Cache\\foo.dll\\" INDEX "\\foo.dll");
    todo_wine ok(ret && !_stricmp(found, want), "cache: %d %s\n", ret, found);

    /* file.ptr names the file elsewhere. */
    ok(make_image("elsewhere\\bar.dll"), "cannot write bar.dll\n");
    path_of(want, "S1\\bar.dll\\" INDEX "\\file.ptr");
    MakeSureDirectoryPathExists(want);
    h = CreateFileA(want, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    path_of(want, "elsewhere\\bar.dll");
    snprintf(search, sizeof(search), "PATH:%s", want);
    WriteFile(h, search, (DWORD)strlen(search), &written, NULL);
    CloseHandle(h);
    snprintf(search, sizeof(search), "srv*%s", s1);
    ret = pSymFindFileInPath(proc, search, "bar.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    todo_wine ok(ret && !_stricmp(found, want), "file.ptr: %d %s\n", ret, found);

    /* Two tiers: index2.txt at the root, "fo\foo.dll\INDEX\foo.dll". */
    ok(make_image("S2\\fo\\foo.dll\\" INDEX "\\foo.dll"), "cannot write the store\n");
    path_of(s2, "S2\\index2.txt");
    h = CreateFileA(s2, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    path_of(s2, "S2");
    snprintf(search, sizeof(search), "srv*%s", s2);
    ret = pSymFindFileInPath(proc, search, "foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found,
                             take_cb, NULL);
    path_of(want, "S2\\fo\\foo.dll\\" INDEX "\\foo.dll");
    todo_wine ok(ret && !_stricmp(found, want), "two tiers: %d %s\n", ret, found);

    /* A remote store: skipped, no network. */
    ret = pSymFindFileInPath(proc, "srv*http://127.0.0.1:9/symbols", "foo.dll", &stamp, SIZE, 0,
                             SSRVOPT_DWORDPTR, found, take_cb, NULL);
    todo_wine ok(!ret, "remote store answered %s\n", found);

    if (wtest_platform != WTEST_WINE)
    {
        ok(!pSymSrvIsStore(proc, s1), "a plain directory is a store\n");
        path_of(want, "S1\\pingme.txt");
        h = CreateFileA(want, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        CloseHandle(h);
        ok(pSymSrvIsStore(proc, s1), "pingme.txt: not a store\n");
        ok(pSymSrvIsStore(proc, s2), "index2.txt: not a store\n");
    }
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

static BOOL CALLBACK refuse_cb(HANDLE file, PCSTR path, PVOID ctx)
{
    (void)file; (void)path;
    ++*(unsigned *)ctx;
    return FALSE;
}

static void test_find_image(void)
{
    char found[MAX_PATH], want[MAX_PATH], dirs[MAX_PATH];
    unsigned calls = 0;
    HANDLE h;

    path_of(dirs, "A");
    h = pFindExecutableImage("foo.dll", dirs, found);
    path_of(want, "A\\foo.dll");
    ok(h != NULL && !_stricmp(found, want), "FindExecutableImage: %p %s\n", h, found);
    if (h) CloseHandle(h);
    /* DIR\ext\ too. */
    path_of(dirs, "C");
    h = pFindExecutableImage("foo.dll", dirs, found);
    path_of(want, "C\\dll\\foo.dll");
    todo_wine ok(h != NULL && !_stricmp(found, want), "ext dir: %p %s\n", h, found);
    if (h) CloseHandle(h);
    /* The callback refuses: nothing. */
    path_of(dirs, "A");
    h = pFindExecutableImageEx("foo.dll", dirs, found, refuse_cb, &calls);
    todo_wine ok(h == NULL && calls >= 1, "refused: %p, %u calls\n", h, calls);
    if (h) CloseHandle(h);
    h = pFindExecutableImage("none.dll", dirs, found);
    ok(h == NULL, "missing image opened\n");
    /* A .dbg file the same way. */
    h = pFindDebugInfoFile("foo.dll", dirs, found);
    path_of(want, "A\\foo.dll");
    ok(h != NULL && !_stricmp(found, want), "FindDebugInfoFile: %p %s\n", h, found);
    if (h) CloseHandle(h);

    if (wtest_platform != WTEST_WINE)
    {
        ok(SymInitialize(proc, dirs, FALSE), "SymInitialize: %lu\n", GetLastError());
        h = pSymFindExecutableImage(proc, "foo.dll", found, NULL, NULL);
        ok(h != NULL && !_stricmp(found, want), "SymFindExecutableImage: %p %s\n", h, found);
        if (h) CloseHandle(h);
        h = pSymFindDebugInfoFile(proc, "foo.dll", found, NULL, NULL);
        ok(h != NULL && !_stricmp(found, want), "SymFindDebugInfoFile: %p %s\n", h, found);
        if (h) CloseHandle(h);
        ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        ok(!pSymFindExecutableImage(proc, "foo.dll", found, NULL, NULL) &&
           GetLastError() == ERROR_INVALID_HANDLE, "after cleanup: %lu\n", GetLastError());
    }
}

/* Writing a store, then finding in it; the deprecated search forms and
 * SymGetSymbolFile (stubs in Wine 8.0's builtin: ours only there). */
static void test_store_write(void)
{
    PCSTR (WINAPI *pSymSrvStoreFile)(HANDLE, PCSTR, PCSTR, DWORD) = (void *)wtest_dbghelp_proc("SymSrvStoreFile");
    BOOL (WINAPI *pFindFileInSearchPath)(HANDLE, PCSTR, PCSTR, DWORD, DWORD, DWORD, PSTR) =
        (void *)wtest_dbghelp_proc("FindFileInSearchPath");
    BOOL (WINAPI *pSymGetSymbolFile)(HANDLE, PCSTR, PCSTR, DWORD, PSTR, size_t, PSTR, size_t) =
        (void *)wtest_dbghelp_proc("SymGetSymbolFile");
    char store[MAX_PATH], src[MAX_PATH], want[MAX_PATH], found[MAX_PATH], srv[MAX_PATH + 8], dbg[MAX_PATH];
    DWORD stamp = STAMP;
    PCSTR ret;

    if (wtest_platform == WTEST_WINE) return;
    ok(pSymSrvStoreFile && pFindFileInSearchPath && pSymGetSymbolFile, "not exported\n");
    if (!pSymSrvStoreFile || !pFindFileInSearchPath || !pSymGetSymbolFile) return;
    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    path_of(store, "W");
    path_of(src, "A\\foo.dll");
    snprintf(srv, sizeof(srv), "srv*%s", store);
    ret = pSymSrvStoreFile(proc, srv, src, 0);
    path_of(want, "W\\foo.dll\\" INDEX "\\foo.dll");
    ok(ret && !_stricmp(ret, want), "stored at %s\n", ret ? ret : "(null)");
    ok(pSymSrvIsStore(proc, store), "the written store is no store\n");
    SetLastError(0xdeadbeef);
    ok(!pSymSrvStoreFile(proc, srv, src, 0) && GetLastError() == ERROR_ALREADY_EXISTS,
       "stored twice: %lu\n", GetLastError());
    ret = pSymSrvStoreFile(proc, srv, src, SYMSTOREOPT_PASS_IF_EXISTS | SYMSTOREOPT_RETURNINDEX);
    ok(ret && !strcmp(ret, INDEX), "index %s\n", ret ? ret : "(null)");
    ok(pSymFindFileInPath(proc, srv, "foo.dll", &stamp, SIZE, 0, SSRVOPT_DWORDPTR, found, NULL, NULL) &&
       !_stricmp(found, want), "not found in the written store: %s\n", found);
    ok(pFindFileInSearchPath(proc, srv, "foo.dll", STAMP, SIZE, 0, found) && !_stricmp(found, want),
       "FindFileInSearchPath: %s\n", found);
    ok(pSymGetSymbolFile(proc, srv, src, 0 /* sfImage */, found, sizeof(found), dbg, sizeof(dbg)) &&
       !_stricmp(found, want), "SymGetSymbolFile: %s\n", found);
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

/* SymLoadModuleEx finds an image by name in DIR\ext\ and in a store. */
static void test_module_load(void)
{
    char dirs[MAX_PATH * 2], want[MAX_PATH], fixa[MAX_PATH];
    IMAGEHLP_MODULE64 im;
    DWORD64 base;

    snprintf(fixa, sizeof(fixa), "%sfixa.dll", wtest_fixtures);
    path_of(want, "E\\dll\\fixa.dll");
    ok(MakeSureDirectoryPathExists(want) && CopyFileA(fixa, want, FALSE), "cannot copy fixa.dll\n");
    path_of(dirs, "E");
    ok(SymInitialize(proc, dirs, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(proc, NULL, "fixa.dll", NULL, 0, 0, NULL, 0);
    todo_wine ok(base == 0x10000000, "SymLoadModuleEx from DIR\\dll: %#I64x, %lu\n", base,
                 GetLastError());
    if (base)
    {
        memset(&im, 0, sizeof(im));
        im.SizeOfStruct = sizeof(im);
        ok(SymGetModuleInfo64(proc, base, &im), "SymGetModuleInfo64: %lu\n", GetLastError());
        ok(!_stricmp(im.LoadedImageName, want), "loaded %s\n", im.LoadedImageName);
    }
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

/* SymLoadModuleEx of an image a live process maps, by name alone, when
 * only a symbol store of the path has its file: found by the key of the
 * image in the process (its TimeDateStamp and SizeOfImage). */
static void test_module_load_store(void)
{
    char fixa[MAX_PATH], copy[MAX_PATH], stored[MAX_PATH], store[MAX_PATH], srv[MAX_PATH + 8], key[32];
    const IMAGE_NT_HEADERS *nt;
    IMAGEHLP_MODULE64 im;
    HMODULE h;
    DWORD64 base;

    snprintf(fixa, sizeof(fixa), "%sfixa.dll", wtest_fixtures);
    path_of(copy, "L\\fixq.dll");
    ok(MakeSureDirectoryPathExists(copy) && CopyFileA(fixa, copy, FALSE), "cannot copy fixa.dll\n");
    if (!(h = LoadLibraryA(copy)))
    {
        ok(0, "cannot load %s: %lu\n", copy, GetLastError());
        return;
    }
    nt = (const IMAGE_NT_HEADERS *)((const BYTE *)h + ((const IMAGE_DOS_HEADER *)h)->e_lfanew);
    snprintf(key, sizeof(key), "%08lX%lx", nt->FileHeader.TimeDateStamp, nt->OptionalHeader.SizeOfImage);
    snprintf(stored, sizeof(stored), "%s\\S\\fixq.dll\\%s\\fixq.dll", top, key);
    ok(MakeSureDirectoryPathExists(stored) && CopyFileA(fixa, stored, FALSE), "cannot store fixa.dll\n");
    path_of(store, "S");
    snprintf(srv, sizeof(srv), "srv*%s", store);
    ok(SymInitialize(GetCurrentProcess(), srv, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(GetCurrentProcess(), NULL, "fixq.dll", NULL, (ULONG_PTR)h, 0, NULL, 0);
    /* Wine's builtin looks for images along plain directories only. */
    todo_wine ok(base == (ULONG_PTR)h, "SymLoadModuleEx from the store: %#I64x, %lu\n", base, GetLastError());
    if (base)
    {
        memset(&im, 0, sizeof(im));
        im.SizeOfStruct = sizeof(im);
        ok(SymGetModuleInfo64(GetCurrentProcess(), base, &im), "SymGetModuleInfo64: %lu\n", GetLastError());
        ok(!_stricmp(im.LoadedImageName, stored) || !_stricmp(im.ImageName, stored), "loaded %s / %s\n",
           im.ImageName, im.LoadedImageName);
    }
    ok(SymCleanup(GetCurrentProcess()), "SymCleanup: %lu\n", GetLastError());
    FreeLibrary(h);
}

/* The area's tree is deeper than the runner removes: start and end clean
 * (another run in the prefix may have used the same directory). */
static void remove_tree(const char *dir, int depth)
{
    WIN32_FIND_DATAA fd;
    char pattern[MAX_PATH], path[MAX_PATH];
    HANDLE h;

    snprintf(pattern, sizeof(pattern), "%s\\*", dir);
    if ((h = FindFirstFileA(pattern, &fd)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(fd.cFileName, ".") || !strcmp(fd.cFileName, "..")) continue;
            snprintf(path, sizeof(path), "%s\\%s", dir, fd.cFileName);
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            {
                if (depth < 8) remove_tree(path, depth + 1);
            }
            else
                DeleteFileA(path);
        } while (FindNextFileA(h, &fd));
        FindClose(h);
    }
    RemoveDirectoryA(dir);
}

#define GET(name) (p##name = (void *)wtest_dbghelp_proc(#name))

START_TEST(pathsearch)
{
    SetEnvironmentVariableA("_NT_SYMBOL_PATH", NULL);
    SetEnvironmentVariableA("_NT_ALT_SYMBOL_PATH", NULL);
    snprintf(top, sizeof(top), "%sps", wtest_tmpdir);
    remove_tree(top, 0);
    CreateDirectoryA(top, NULL);
    ok(GET(SymFindFileInPathW) && GET(SymFindFileInPath) && GET(FindExecutableImageEx) &&
       GET(FindExecutableImage) && GET(FindDebugInfoFile) && GET(SymFindExecutableImage) &&
       GET(SymFindDebugInfoFile) && GET(SymSrvIsStore), "a function is missing\n");
    if (!pSymFindFileInPathW || !pSymFindFileInPath || !pFindExecutableImageEx ||
        !pFindExecutableImage || !pFindDebugInfoFile || !pSymFindExecutableImage ||
        !pSymFindDebugInfoFile || !pSymSrvIsStore)
        return;
    test_find_in_path();
    test_stores();
    test_find_image();
    test_store_write();
    test_module_load();
    test_module_load_store();
    remove_tree(top, 0);
}
