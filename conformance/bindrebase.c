/*
 * bindrebase.c: BindImageEx and ReBaseImage(64) on copies of a real DLL,
 * and the results loaded and run.
 *
 * Evidence for Windows: Wine's imagehlp tests (image.c test_bind_image_ex,
 * passing on Windows): a missing file fails with ERROR_FILE_NOT_FOUND or
 * ERROR_INVALID_PARAMETER; the status routine hears BindImportModule with
 * the DLL's name as imported and BindImportProcedure with the DLL's full
 * path and the import's name.  Microsoft's PE format documentation: a
 * bound descriptor's TimeDateStamp is -1 with a bound import directory, or
 * the DLL's stamp (old style); the bound import directory names each DLL
 * with its TimeDateStamp; the IAT holds the VAs at the DLLs' preferred
 * bases.  ReBaseImage's results are Microsoft's documented outputs (old
 * and new size and base).  Wine 8.0's builtin: BindImageEx reports the
 * events but writes nothing, and ReBaseImage fails every call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "mkpe.h"
#include <imagehlp.h>

static BOOL (WINAPI *pBindImageEx)(DWORD, PCSTR, PCSTR, PCSTR, PIMAGEHLP_STATUS_ROUTINE);
static BOOL (WINAPI *pReBaseImage)(PCSTR, PCSTR, BOOL, BOOL, BOOL, ULONG, ULONG *, ULONG_PTR *,
                                   ULONG *, ULONG_PTR *, ULONG);
static PIMAGE_NT_HEADERS (WINAPI *pCheckSumMappedFile)(PVOID, DWORD, PDWORD, PDWORD);

static char fixa[MAX_PATH];

static BYTE *read_whole(const char *path, DWORD *size)
{
    HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BYTE *data;
    DWORD got = 0;

    if (f == INVALID_HANDLE_VALUE) return NULL;
    *size = GetFileSize(f, NULL);
    data = malloc(*size);
    ReadFile(f, data, *size, &got, NULL);
    CloseHandle(f);
    return data;
}

/* A pointer to the file bytes of an RVA. */
static BYTE *file_rva(BYTE *data, DWORD rva)
{
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(data + ((IMAGE_DOS_HEADER *)data)->e_lfanew);
    IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);
    unsigned i;

    for (i = 0; i < nt->FileHeader.NumberOfSections; i++)
        if (rva >= s[i].VirtualAddress && rva - s[i].VirtualAddress < s[i].SizeOfRawData)
            return data + s[i].PointerToRawData + (rva - s[i].VirtualAddress);
    return rva < nt->OptionalHeader.SizeOfHeaders ? data + rva : NULL;
}

struct events
{
    unsigned modules, procedures, failures;
    BOOL full_paths;
};

static BOOL WINAPI status_cb(IMAGEHLP_STATUS_REASON reason, PCSTR image, PCSTR dll, ULONG_PTR va,
                             ULONG_PTR param)
{
    static struct events *ev;

    (void)image; (void)va;
    if (reason == (IMAGEHLP_STATUS_REASON)-1) { ev = (struct events *)param; return TRUE; }
    switch (reason)
    {
    case BindImportModule: ev->modules++; break;
    case BindImportProcedure:
        ev->procedures++;
        if (!dll || dll[1] != ':') ev->full_paths = FALSE;
        break;
    case BindImportModuleFailed:
    case BindImportProcedureFailed: ev->failures++; break;
    default: break;
    }
    return TRUE;
}

static void events_reset(struct events *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->full_paths = TRUE;
    status_cb((IMAGEHLP_STATUS_REASON)-1, NULL, NULL, 0, (ULONG_PTR)ev);
}

/* The imports the file names (by name), and a check of the bound IAT. */
static void check_bound(const char *path, BOOL new_style, unsigned *nimports)
{
    DWORD size, i, header, sum;
    BYTE *data = read_whole(path, &size);
    IMAGE_NT_HEADERS *nt;
    IMAGE_IMPORT_DESCRIPTOR *d;
    IMAGE_DATA_DIRECTORY *bound;
    unsigned checked = 0, right = 0;

    *nimports = 0;
    ok(data != NULL, "cannot read %s\n", path);
    if (!data) return;
    nt = (IMAGE_NT_HEADERS *)(data + ((IMAGE_DOS_HEADER *)data)->e_lfanew);
    bound = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT];
    d = (IMAGE_IMPORT_DESCRIPTOR *)file_rva(data, nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].VirtualAddress);
    for (; d && d->Name; d++)
    {
        const char *dll = (const char *)file_rva(data, d->Name);
        HMODULE loaded = GetModuleHandleA(dll);
        ULONG_PTR *names = (ULONG_PTR *)file_rva(data, d->OriginalFirstThunk);
        ULONG_PTR *iat = (ULONG_PTR *)file_rva(data, d->FirstThunk);
        DWORD dll_stamp = 0;

        if (loaded)
            dll_stamp = ((IMAGE_NT_HEADERS *)((BYTE *)loaded + ((IMAGE_DOS_HEADER *)loaded)->e_lfanew))->FileHeader.TimeDateStamp;
        if (new_style)
            todo_wine ok(d->TimeDateStamp == 0xffffffff, "%s: TimeDateStamp %#lx\n", dll, d->TimeDateStamp);
        else
            todo_wine ok(d->TimeDateStamp == dll_stamp, "%s: TimeDateStamp %#lx, DLL %#lx\n", dll,
                         d->TimeDateStamp, dll_stamp);
        for (i = 0; names && iat && names[i]; i++, (*nimports)++)
        {
            const char *name;
            FARPROC want;

            if (IMAGE_SNAP_BY_ORDINAL(names[i]) || !loaded) continue;
            name = (const char *)file_rva(data, (DWORD)names[i]) + 2;
            want = GetProcAddress(loaded, name);
            checked++;
            if ((ULONG_PTR)want == iat[i]) right++;
        }
    }
    /* The DLLs run at their preferred bases here, so the bound values are
     * the addresses GetProcAddress gives (forwarders followed). */
    todo_wine ok(checked && right == checked, "%u of %u IAT entries right\n", right, checked);
    if (new_style)
    {
        todo_wine ok(bound->VirtualAddress && bound->Size, "no bound import directory\n");
        if (bound->VirtualAddress)
        {
            IMAGE_BOUND_IMPORT_DESCRIPTOR *b = (IMAGE_BOUND_IMPORT_DESCRIPTOR *)(data + bound->VirtualAddress);
            const char *first = (const char *)b + b->OffsetModuleName;
            HMODULE m = GetModuleHandleA(first);

            ok(m != NULL, "bound directory names %s\n", first);
            if (m)
                ok(b->TimeDateStamp == ((IMAGE_NT_HEADERS *)((BYTE *)m + ((IMAGE_DOS_HEADER *)m)->e_lfanew))->FileHeader.TimeDateStamp,
                   "%s: bound stamp %#lx\n", first, b->TimeDateStamp);
        }
    }
    else
        ok(!bound->VirtualAddress, "old style with a bound import directory\n");
    pCheckSumMappedFile(data, size, &header, &sum);
    ok(header == sum, "checksum %#lx, file says %#lx\n", sum, header);
    free(data);
}

/* want_base: where it must load (0: anywhere); wine_todo: Wine's builtin
 * did not write what would put it there. */
static void load_and_run(const char *path, ULONG_PTR want_base, BOOL wine_todo)
{
    HMODULE mod = LoadLibraryA(path);
    FARPROC add;

    ok(mod != NULL, "%s does not load: %lu\n", path, GetLastError());
    if (!mod) return;
    if (want_base)
        todo_wine_if(wine_todo) ok((ULONG_PTR)mod == want_base, "loaded at %p, want %#Ix\n", mod, want_base);
    add = GetProcAddress(mod, "fixture_add");
    ok(add && ((int (*)(int, int))(void *)add)(20, 22) == 42, "%s does not run\n", path);
    FreeLibrary(mod);
}

static void test_bind(void)
{
    char path[MAX_PATH];
    struct events ev;
    DWORD size0, size1;
    BYTE *before, *after;
    unsigned nimports;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = pBindImageEx(BIND_NO_BOUND_IMPORTS | BIND_NO_UPDATE, "nonexistent.dll", NULL, NULL, status_cb);
    ok(!ret && (GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_INVALID_PARAMETER),
       "missing file: %d %lu\n", ret, GetLastError());

    /* BIND_NO_UPDATE: everything reported, nothing written. */
    snprintf(path, sizeof(path), "%sbound.dll", wtest_tmpdir);
    ok(CopyFileA(fixa, path, FALSE), "cannot copy fixa.dll\n");
    before = read_whole(path, &size0);
    events_reset(&ev);
    ok(pBindImageEx(BIND_NO_UPDATE, path, NULL, NULL, status_cb), "bind: %lu\n", GetLastError());
    after = read_whole(path, &size1);
    ok(size0 == size1 && !memcmp(before, after, size0), "BIND_NO_UPDATE changed the file\n");
    free(before);
    free(after);
    ok(ev.modules == 2 && ev.procedures > 10 && ev.full_paths && !ev.failures,
       "events: %u modules, %u procedures, full paths %d, %u failures\n", ev.modules,
       ev.procedures, ev.full_paths, ev.failures);

    /* Bound, new style. */
    events_reset(&ev);
    ok(pBindImageEx(0, path, NULL, NULL, status_cb), "bind: %lu\n", GetLastError());
    check_bound(path, TRUE, &nimports);
    ok(ev.procedures == nimports, "%u procedures reported for %u imports\n", ev.procedures,
       nimports);
    load_and_run(path, 0, FALSE);
    DeleteFileA(path);

    /* Old style. */
    ok(CopyFileA(fixa, path, FALSE), "cannot copy fixa.dll\n");
    ok(pBindImageEx(BIND_NO_BOUND_IMPORTS, path, NULL, NULL, NULL), "bind: %lu\n", GetLastError());
    check_bound(path, FALSE, &nimports);
    load_and_run(path, 0, FALSE);
    DeleteFileA(path);
}

static void test_rebase(void)
{
    char path[MAX_PATH];
    ULONG old_size = 0, new_size = 0;
    ULONG_PTR old_base = 0, new_base;
    DWORD size, header, sum;
    BYTE *data;
    IMAGE_NT_HEADERS *nt;
    struct mkpe pe;
    BOOL ret;

    snprintf(path, sizeof(path), "%srebased.dll", wtest_tmpdir);
    ok(CopyFileA(fixa, path, FALSE), "cannot copy fixa.dll\n");
    /* Asking only. */
    new_base = 0x50000000;
    ret = pReBaseImage(path, NULL, FALSE, FALSE, FALSE, 0, &old_size, &old_base, &new_size, &new_base, 0);
    todo_wine ok(ret && old_base == 0x10000000 && new_base == 0x50000000 && old_size && new_size == old_size,
                 "report: %d base %#Ix -> %#Ix size %#lx %#lx\n", ret, old_base, new_base, old_size, new_size);
    data = read_whole(path, &size);
    nt = (IMAGE_NT_HEADERS *)(data + ((IMAGE_DOS_HEADER *)data)->e_lfanew);
    ok(nt->OptionalHeader.ImageBase == 0x10000000, "fReBase FALSE moved the image\n");
    free(data);

    /* Moved up to 0x50000000, with a new stamp. */
    new_base = 0x50000000;
    ret = pReBaseImage(path, NULL, TRUE, FALSE, FALSE, 0, &old_size, &old_base, &new_size, &new_base, 0x12345678);
    todo_wine ok(ret && old_base == 0x10000000 && new_base == 0x50000000, "rebase: %d %#Ix -> %#Ix\n", ret,
                 old_base, new_base);
    data = read_whole(path, &size);
    nt = (IMAGE_NT_HEADERS *)(data + ((IMAGE_DOS_HEADER *)data)->e_lfanew);
    todo_wine ok(nt->OptionalHeader.ImageBase == 0x50000000 && nt->FileHeader.TimeDateStamp == 0x12345678,
                 "file: base %#Ix stamp %#lx\n", (ULONG_PTR)nt->OptionalHeader.ImageBase,
                 nt->FileHeader.TimeDateStamp);
    pCheckSumMappedFile(data, size, &header, &sum);
    ok(header == sum, "checksum %#lx, file says %#lx\n", sum, header);
    free(data);
    /* The CRT's start-up runs through relocated pointers: it loads and runs
     * at the new base. */
    load_and_run(path, 0x50000000, TRUE);

    /* Going down: ends at or below the given address. */
    new_base = 0x60000000;
    ret = pReBaseImage(path, NULL, TRUE, FALSE, TRUE, 0, &old_size, &old_base, &new_size, &new_base, 0);
    todo_wine ok(ret && old_base == 0x50000000 && new_base < 0x60000000 &&
                 new_base + new_size <= 0x60000000 && !(new_base & 0xffff),
                 "going down: %d %#Ix -> %#Ix\n", ret, old_base, new_base);
    load_and_run(path, ret ? new_base : 0, TRUE);
    DeleteFileA(path);

    /* RemoveRelocations: then it cannot move either. */
    {
        BOOL (WINAPI *pRemoveRelocations)(PCHAR) = (void *)GetProcAddress(wtest_imagehlp(), "RemoveRelocations");

        ok(CopyFileA(fixa, path, FALSE), "cannot copy fixa.dll\n");
        ok(pRemoveRelocations && pRemoveRelocations(path), "RemoveRelocations: %lu\n", GetLastError());
        data = read_whole(path, &size);
        nt = (IMAGE_NT_HEADERS *)(data + ((IMAGE_DOS_HEADER *)data)->e_lfanew);
        todo_wine ok((nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED) &&
                     !nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC].VirtualAddress,
                     "relocations still there\n");
        free(data);
        new_base = 0x50000000;
        ok(!pReBaseImage(path, NULL, TRUE, FALSE, FALSE, 0, &old_size, &old_base, &new_size, &new_base, 0),
           "moved without relocations\n");
        load_and_run(path, 0x10000000, FALSE);
        DeleteFileA(path);
    }

    /* No relocations: it cannot move. */
    memset(&pe, 0, sizeof(pe));
    pe.pe64 = !WTEST_32BIT;
    ok(mkpe_write(path, &pe), "cannot write %s\n", path);
    new_base = 0x50000000;
    SetLastError(0xdeadbeef);
    ret = pReBaseImage(path, NULL, TRUE, FALSE, FALSE, 0, &old_size, &old_base, &new_size, &new_base, 0);
    ok(!ret, "an image without relocations moved\n");
    todo_wine ok(GetLastError() == ERROR_BAD_EXE_FORMAT, "no relocations: error %lu\n", GetLastError());
    DeleteFileA(path);
}

#define GET(name) (p##name = (void *)GetProcAddress(imagehlp, #name))

START_TEST(bindrebase)
{
    HMODULE imagehlp = wtest_imagehlp();

    if (!imagehlp) return;
    snprintf(fixa, sizeof(fixa), "%sfixa.dll", wtest_fixtures);
    ok(GET(BindImageEx) && GET(ReBaseImage) && GET(CheckSumMappedFile), "a function is missing\n");
    if (!pBindImageEx || !pReBaseImage || !pCheckSumMappedFile) return;
    test_bind();
    test_rebase();
}
