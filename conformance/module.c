/*
 * module.c: the module lifecycle of one process handle.
 *
 * SymLoadModuleEx(W) / SymLoadModule64 / SymLoadModule, SymUnloadModule64 /
 * SymUnloadModule, SymGetModuleInfo(W)(64), SymGetModuleBase(64): loading by
 * path, by search path and by file handle, virtual modules, deferred loads,
 * the overlap rules, unloading, file handle release and the SizeOfStruct
 * rules of the module information structures.
 *
 * Most tests use a fake process handle: SymInitialize(h, NULL, FALSE) accepts
 * any value and no live process is needed.
 *
 * Windows evidence quoted below comes from Wine's own conformance tests
 * (dlls/dbghelp/tests/dbghelp.c test_modules_overlap and
 * dlls/dbghelp/tests/path.c test_load_modules_details), which pass on
 * Windows 10/11, and from Microsoft's documentation.
 */
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

#define FAKE_PROCESS   ((HANDLE)(ULONG_PTR)0xcafef00d)
#define UNKNOWN_HANDLE ((HANDLE)(ULONG_PTR)0xcafef00e)
#define SENTINEL       0xa5



typedef DWORD (WINAPI *load32_fn)(HANDLE, HANDLE, PCSTR, PCSTR, DWORD, DWORD);
typedef BOOL  (WINAPI *unload32_fn)(HANDLE, DWORD);
typedef BOOL  (WINAPI *info32_fn)(HANDLE, DWORD, struct module32 *);
typedef BOOL  (WINAPI *info32w_fn)(HANDLE, DWORD, struct module32w *);
typedef DWORD (WINAPI *base32_fn)(HANDLE, DWORD);

static load32_fn   pSymLoadModule;
static unload32_fn pSymUnloadModule;
static info32_fn   pSymGetModuleInfo;
static info32w_fn  pSymGetModuleInfoW;
static base32_fn   pSymGetModuleBase;
/* Resolved at run time so that a dbghelp without it fails one check
 * instead of the whole program. */
static BOOL (WINAPI *pSymFromName)(HANDLE, PCSTR, PSYMBOL_INFO);

/* Sizes of the older IMAGEHLP_MODULE64 layouts that callers still pass
 * (StackWalker's IMAGEHLP_MODULE64_V2: up to LoadedImageName; _V3: up to
 * Publics).  A dbghelp that is newer than the caller's header must accept
 * them and fill only that prefix. */
#define MODULE64_V2_SIZE  ((offsetof(IMAGEHLP_MODULE64, LoadedPdbName) + 7) & ~7)
#define MODULE64_V3_SIZE  ((offsetof(IMAGEHLP_MODULE64, MachineType) + 7) & ~7)
#define MODULEW64_V2_SIZE ((offsetof(IMAGEHLP_MODULEW64, LoadedPdbName) + 7) & ~7)
#define MODULEW64_V3_SIZE ((offsetof(IMAGEHLP_MODULEW64, MachineType) + 7) & ~7)

/* Facts read from a fixture's own PE headers. */
struct pe_facts
{
    DWORD64 image_base;
    DWORD   size_of_image;
    DWORD   timestamp;
    DWORD   checksum;
    WORD    machine;
};

static char fixa_path[MAX_PATH], fixb_path[MAX_PATH];
static struct pe_facts fixa_pe, fixb_pe;

static BOOL read_pe_facts(const char *path, struct pe_facts *pe)
{
    BYTE buf[4096];
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)buf;
    IMAGE_NT_HEADERS64 *nt;
    HANDLE file;
    DWORD got = 0;

    memset(pe, 0, sizeof(*pe));
    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ReadFile(file, buf, sizeof(buf), &got, NULL);
    CloseHandle(file);
    if (got < sizeof(*dos) || dos->e_magic != IMAGE_DOS_SIGNATURE) return FALSE;
    if (dos->e_lfanew <= 0 || (DWORD)dos->e_lfanew + sizeof(*nt) > got) return FALSE;
    nt = (IMAGE_NT_HEADERS64 *)(buf + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE) return FALSE;
    pe->timestamp     = nt->FileHeader.TimeDateStamp;
    pe->machine       = nt->FileHeader.Machine;
    if (nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    {
        pe->image_base    = nt->OptionalHeader.ImageBase;
        pe->size_of_image = nt->OptionalHeader.SizeOfImage;
        pe->checksum      = nt->OptionalHeader.CheckSum;
        return TRUE;
    }
    if (nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)  /* the i686 tree's fixtures */
    {
        const IMAGE_OPTIONAL_HEADER32 *opt32 = (const IMAGE_OPTIONAL_HEADER32 *)&nt->OptionalHeader;

        pe->image_base    = opt32->ImageBase;
        pe->size_of_image = opt32->SizeOfImage;
        pe->checksum      = opt32->CheckSum;
        return TRUE;
    }
    return FALSE;
}

/* Copy a fixture into the run's temp directory under a new name. */
static BOOL copy_fixture(const char *src, const char *name, char *dst, size_t size)
{
    snprintf(dst, size, "%s%s", wtest_tmpdir, name);
    return CopyFileA(src, dst, FALSE);
}

/* A copy of a fixture without its COFF symbol table.  Without the string
 * table the long section names (.debug_*) cannot be resolved either, so the
 * only symbols left are the exports: SymType must be SymExport everywhere. */
static BOOL make_export_only(const char *src, const char *name, char *dst, size_t size)
{
    IMAGE_DOS_HEADER dos;
    IMAGE_FILE_HEADER fh;
    HANDLE file;
    DWORD done;
    BOOL ret;

    if (!copy_fixture(src, name, dst, size)) return FALSE;
    file = CreateFileA(dst, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = ReadFile(file, &dos, sizeof(dos), &done, NULL) && done == sizeof(dos);
    if (ret)
    {
        SetFilePointer(file, dos.e_lfanew + 4, NULL, FILE_BEGIN);
        ret = ReadFile(file, &fh, sizeof(fh), &done, NULL) && done == sizeof(fh);
    }
    if (ret)
    {
        fh.PointerToSymbolTable = 0;
        fh.NumberOfSymbols = 0;
        SetFilePointer(file, dos.e_lfanew + 4, NULL, FILE_BEGIN);
        ret = WriteFile(file, &fh, sizeof(fh), &done, NULL) && done == sizeof(fh);
    }
    CloseHandle(file);
    return ret;
}

/* The directory of a path, without its trailing backslash. */
static void dir_of(const char *path, char *dir, size_t size)
{
    char *slash;

    lstrcpynA(dir, path, size);
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
}

static BOOL file_is_free(const char *path)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    CloseHandle(file);
    return TRUE;
}

/* Module enumeration, to see what the handle holds. */
struct enum_state
{
    unsigned count;
    DWORD64  bases[16];
    char     names[16][64];
};

static BOOL CALLBACK enum_cb(PCSTR name, DWORD64 base, PVOID user)
{
    struct enum_state *st = user;

    if (st->count < ARRAY_SIZE(st->bases))
    {
        st->bases[st->count] = base;
        lstrcpynA(st->names[st->count], name, sizeof(st->names[0]));
    }
    st->count++;
    return TRUE;
}

static unsigned enum_modules(HANDLE proc, struct enum_state *st)
{
    memset(st, 0, sizeof(*st));
    if (!SymEnumerateModules64(proc, enum_cb, st)) return ~0u;
    return st->count;
}

static BOOL has_module(HANDLE proc, DWORD64 base)
{
    IMAGEHLP_MODULE64 im;

    im.SizeOfStruct = sizeof(im);
    return SymGetModuleInfo64(proc, base, &im) && im.BaseOfImage == base;
}

static DWORD set_options(DWORD set, DWORD clear)
{
    return SymSetOptions((SymGetOptions() & ~clear) | set);
}

/* Runs fn(arg) on a thread of its own; an access violation ends that thread
 * with STATUS_ACCESS_VIOLATION instead of the whole test program.  Used for
 * NULL pointer arguments, on which some implementations crash. */
static DWORD guarded_tid;

static LONG CALLBACK guard_handler(EXCEPTION_POINTERS *ep)
{
    if (GetCurrentThreadId() == guarded_tid &&
        ep->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION)
        ExitThread(STATUS_ACCESS_VIOLATION);
    return EXCEPTION_CONTINUE_SEARCH;
}

struct guarded_call
{
    BOOL  (*fn)(struct guarded_call *);
    BOOL  ret;
    DWORD error;
};

static DWORD WINAPI guarded_thread(void *arg)
{
    struct guarded_call *call = arg;

    guarded_tid = GetCurrentThreadId();
    SetLastError(0xdeadbeef);
    call->ret = call->fn(call);
    call->error = GetLastError();
    return 0;
}

/* Returns FALSE when the call crashed. */
static BOOL run_guarded(struct guarded_call *call)
{
    void *handler = AddVectoredExceptionHandler(1, guard_handler);
    HANDLE thread = CreateThread(NULL, 0, guarded_thread, call, 0, NULL);
    DWORD code = 0;

    WaitForSingleObject(thread, INFINITE);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    RemoveVectoredExceptionHandler(handler);
    guarded_tid = 0;
    return code == 0;
}

static BOOL null_info64(struct guarded_call *call)
{
    (void)call;
    return SymGetModuleInfo64(FAKE_PROCESS, fixa_pe.image_base, NULL);
}

static BOOL null_infow64(struct guarded_call *call)
{
    (void)call;
    return SymGetModuleInfoW64(FAKE_PROCESS, fixa_pe.image_base, NULL);
}

/* ------------------------------------------------------------------ */

static void check_info64(const IMAGEHLP_MODULE64 *im, DWORD64 base, const struct pe_facts *pe,
                         const char *modname, const char *image, const char *loaded)
{
    ok(im->SizeOfStruct == sizeof(*im), "SizeOfStruct changed to %lu\n", im->SizeOfStruct);
    ok(im->BaseOfImage == base, "BaseOfImage %#I64x, expected %#I64x\n", im->BaseOfImage, base);
    ok(im->ImageSize == pe->size_of_image, "ImageSize %#lx, expected %#lx\n",
       im->ImageSize, pe->size_of_image);
    /* Windows reports 0 for some images without debug information (see
     * test_load_modules_details: "either 0 or the actual timestamp"). */
    ok(im->TimeDateStamp == pe->timestamp || broken(!im->TimeDateStamp),
       "TimeDateStamp %#lx, expected %#lx\n", im->TimeDateStamp, pe->timestamp);
    ok(im->CheckSum == pe->checksum, "CheckSum %#lx, expected %#lx\n", im->CheckSum, pe->checksum);
    ok(im->MachineType == pe->machine, "MachineType %#lx, expected %#x\n", im->MachineType, pe->machine);
    ok(!strcmp(im->ModuleName, modname), "ModuleName '%s', expected '%s'\n", im->ModuleName, modname);
    ok(!_stricmp(im->ImageName, image), "ImageName '%s', expected '%s'\n", im->ImageName, image);
    ok(!_stricmp(im->LoadedImageName, loaded), "LoadedImageName '%s', expected '%s'\n",
       im->LoadedImageName, loaded);
}

/* SymLoadModuleEx by full path with base 0, and every information call on
 * the result. */
static void test_load_full_path(void)
{
    char path[MAX_PATH];
    struct pe_facts pe;
    IMAGEHLP_MODULE64 im;
    IMAGEHLP_MODULEW64 imw;
    struct module32 im32;
    struct module32w im32w;
    WCHAR wpath[MAX_PATH];
    DWORD64 base, ret64;
    DWORD ret32;
    BOOL ret;

    if (!make_export_only(fixa_path, "fixexp.dll", path, sizeof(path)) || !read_pe_facts(path, &pe))
    {
        skip("cannot prepare fixexp.dll\n");
        return;
    }
    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, ARRAY_SIZE(wpath));
    set_options(0, SYMOPT_DEFERRED_LOADS);
    ret = SymInitialize(FAKE_PROCESS, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());

    /* base 0: the image's preferred base from its optional header */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base == pe.image_base, "SymLoadModuleEx returned %#I64x, expected %#I64x (error %lu)\n",
       base, pe.image_base, GetLastError());

    memset(&im, SENTINEL, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    SetLastError(0xdeadbeef);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    /* Windows keeps the case of the file name (WinDbg shows KERNELBASE,
     * MSVCP140_APP...); Wine lowercases it.  This name is lowercase. */
    check_info64(&im, base, &pe, "fixexp", path, path);
    /* exports only, symbols loaded at once (no SYMOPT_DEFERRED_LOADS); the
     * 32-bit builtin reports SymDia for the .eh_frame of an i386 image */
    todo_wine_if(WTEST_32BIT)
    ok(im.SymType == SymExport, "SymType %u, expected SymExport\n", im.SymType);
    ok(!im.LoadedPdbName[0], "LoadedPdbName '%s'\n", im.LoadedPdbName);
    ok(!im.PdbUnmatched && !im.DbgUnmatched, "unmatched flags %d %d\n", im.PdbUnmatched, im.DbgUnmatched);

    /* lookup by an address inside the module and by its last byte */
    memset(&im, SENTINEL, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base + 0x1234, &im);
    ok(ret && im.BaseOfImage == base, "inside lookup: ret %d base %#I64x\n", ret, im.BaseOfImage);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base + pe.size_of_image - 1, &im);
    ok(ret && im.BaseOfImage == base, "last byte lookup: ret %d base %#I64x\n", ret, im.BaseOfImage);
    SetLastError(0xdeadbeef);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base + pe.size_of_image, &im);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND,
       "one past the end: ret %d error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base - 1, &im);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND,
       "one before the start: ret %d error %lu\n", ret, GetLastError());

    /* the wide form */
    memset(&imw, SENTINEL, sizeof(imw));
    imw.SizeOfStruct = sizeof(imw);
    ret = SymGetModuleInfoW64(FAKE_PROCESS, base, &imw);
    ok(ret, "SymGetModuleInfoW64 failed: %lu\n", GetLastError());
    ok(imw.SizeOfStruct == sizeof(imw), "SizeOfStruct changed to %lu\n", imw.SizeOfStruct);
    ok(imw.BaseOfImage == base, "BaseOfImage %#I64x\n", imw.BaseOfImage);
    ok(imw.ImageSize == pe.size_of_image, "ImageSize %#lx\n", imw.ImageSize);
    ok(imw.CheckSum == pe.checksum, "CheckSum %#lx\n", imw.CheckSum);
    ok(imw.MachineType == pe.machine, "MachineType %#lx\n", imw.MachineType);
    todo_wine_if(WTEST_32BIT)
    ok(imw.SymType == SymExport, "SymType %u\n", imw.SymType);
    ok(!wcscmp(imw.ModuleName, L"fixexp"), "ModuleName %ls\n", imw.ModuleName);
    ok(!_wcsicmp(imw.ImageName, wpath), "ImageName %ls\n", imw.ImageName);
    ok(!_wcsicmp(imw.LoadedImageName, wpath), "LoadedImageName %ls\n", imw.LoadedImageName);

    /* the 32-bit forms */
    if (pSymGetModuleInfo && pSymGetModuleInfoW && pSymGetModuleBase)
    {
        memset(&im32, SENTINEL, sizeof(im32));
        im32.SizeOfStruct = sizeof(im32);
        ret = pSymGetModuleInfo(FAKE_PROCESS, (DWORD)base + 0x10, &im32);
        ok(ret, "SymGetModuleInfo failed: %lu\n", GetLastError());
        ok(im32.SizeOfStruct == sizeof(im32), "SizeOfStruct changed to %lu\n", im32.SizeOfStruct);
        ok(im32.BaseOfImage == (DWORD)base, "BaseOfImage %#lx\n", im32.BaseOfImage);
        ok(im32.ImageSize == pe.size_of_image, "ImageSize %#lx\n", im32.ImageSize);
        ok(im32.TimeDateStamp == pe.timestamp || broken(!im32.TimeDateStamp),
           "TimeDateStamp %#lx\n", im32.TimeDateStamp);
        ok(im32.CheckSum == pe.checksum, "CheckSum %#lx\n", im32.CheckSum);
        todo_wine_if(WTEST_32BIT)
        ok(im32.SymType == SymExport, "SymType %u\n", im32.SymType);
        ok(!strcmp(im32.ModuleName, "fixexp"), "ModuleName %s\n", im32.ModuleName);
        ok(!_stricmp(im32.ImageName, path), "ImageName %s\n", im32.ImageName);
        ok(!_stricmp(im32.LoadedImageName, path), "LoadedImageName %s\n", im32.LoadedImageName);

        memset(&im32w, SENTINEL, sizeof(im32w));
        im32w.SizeOfStruct = sizeof(im32w);
        ret = pSymGetModuleInfoW(FAKE_PROCESS, (DWORD)base, &im32w);
        ok(ret, "SymGetModuleInfoW failed: %lu\n", GetLastError());
        ok(im32w.BaseOfImage == (DWORD)base, "BaseOfImage %#lx\n", im32w.BaseOfImage);
        ok(im32w.ImageSize == pe.size_of_image, "ImageSize %#lx\n", im32w.ImageSize);
        ok(im32w.CheckSum == pe.checksum, "CheckSum %#lx\n", im32w.CheckSum);
        ok(!wcscmp(im32w.ModuleName, L"fixexp"), "ModuleName %ls\n", im32w.ModuleName);
        ok(!_wcsicmp(im32w.LoadedImageName, wpath), "LoadedImageName %ls\n", im32w.LoadedImageName);

        SetLastError(0xdeadbeef);
        im32.SizeOfStruct = sizeof(im32);
        ret = pSymGetModuleInfo(FAKE_PROCESS, (DWORD)(base + pe.size_of_image), &im32);
        ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND,
           "SymGetModuleInfo past the end: ret %d error %lu\n", ret, GetLastError());

        ret32 = pSymGetModuleBase(FAKE_PROCESS, (DWORD)base + 0x2000);
        ok(ret32 == (DWORD)base, "SymGetModuleBase returned %#lx\n", ret32);
        SetLastError(0xdeadbeef);
        ret32 = pSymGetModuleBase(FAKE_PROCESS, (DWORD)(base + pe.size_of_image));
        ok(!ret32 && GetLastError() == ERROR_MOD_NOT_FOUND,
           "SymGetModuleBase past the end: %#lx error %lu\n", ret32, GetLastError());
    }
    else win_skip("32-bit SymGetModuleInfo/SymGetModuleBase exports missing\n");

    /* SymGetModuleBase64: inside, at base, last byte, one past the end */
    ret64 = SymGetModuleBase64(FAKE_PROCESS, base);
    ok(ret64 == base, "at base: %#I64x\n", ret64);
    ret64 = SymGetModuleBase64(FAKE_PROCESS, base + 0x1001);
    ok(ret64 == base, "inside: %#I64x\n", ret64);
    ret64 = SymGetModuleBase64(FAKE_PROCESS, base + pe.size_of_image - 1);
    ok(ret64 == base, "last byte: %#I64x\n", ret64);
    SetLastError(0xdeadbeef);
    ret64 = SymGetModuleBase64(FAKE_PROCESS, base + pe.size_of_image);
    ok(!ret64, "one past the end: %#I64x\n", ret64);
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "one past the end: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret64 = SymGetModuleBase64(UNKNOWN_HANDLE, base);
    ok(!ret64 && GetLastError() == ERROR_INVALID_HANDLE,
       "unknown handle: %#I64x error %lu\n", ret64, GetLastError());

    SetLastError(0xdeadbeef);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(UNKNOWN_HANDLE, base, &im);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "SymGetModuleInfo64 unknown handle: ret %d error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    imw.SizeOfStruct = sizeof(imw);
    ret = SymGetModuleInfoW64(UNKNOWN_HANDLE, base, &imw);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "SymGetModuleInfoW64 unknown handle: ret %d error %lu\n", ret, GetLastError());
    if (pSymGetModuleInfo)
    {
        SetLastError(0xdeadbeef);
        im32.SizeOfStruct = sizeof(im32);
        ret = pSymGetModuleInfo(UNKNOWN_HANDLE, (DWORD)base, &im32);
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
           "SymGetModuleInfo unknown handle: ret %d error %lu\n", ret, GetLastError());
    }

    ret = SymUnloadModule64(FAKE_PROCESS, base);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* The SizeOfStruct rules of IMAGEHLP_MODULE(W)64, and a NULL pointer. */
static void test_info_sizes(void)
{
    static const struct { size_t size; BOOL wide; } sizes[] =
    {
        { MODULE64_V2_SIZE,  FALSE },
        { MODULE64_V3_SIZE,  FALSE },
        { MODULEW64_V2_SIZE, TRUE },
        { MODULEW64_V3_SIZE, TRUE },
    };
    union { IMAGEHLP_MODULE64 a; IMAGEHLP_MODULEW64 w; BYTE raw[sizeof(IMAGEHLP_MODULEW64) + 64]; } buf;
    struct guarded_call call;
    DWORD64 base;
    unsigned i;
    size_t j, full;
    BOOL ret, clean;

    SymInitialize(FAKE_PROCESS, NULL, FALSE);
    set_options(0, SYMOPT_DEFERRED_LOADS);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == fixa_pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);

    /* older layouts: accepted, and nothing beyond SizeOfStruct is written */
    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        winetest_push_context("size %Iu%s", sizes[i].size, sizes[i].wide ? " W" : "");
        full = sizes[i].wide ? sizeof(IMAGEHLP_MODULEW64) : sizeof(IMAGEHLP_MODULE64);
        memset(&buf, SENTINEL, sizeof(buf));
        buf.a.SizeOfStruct = sizes[i].size;
        SetLastError(0xdeadbeef);
        if (sizes[i].wide)
            ret = SymGetModuleInfoW64(FAKE_PROCESS, base, &buf.w);
        else
            ret = SymGetModuleInfo64(FAKE_PROCESS, base, &buf.a);
        ok(ret, "failed: %lu\n", GetLastError());
        /* the caller's SizeOfStruct is left as it was (Wine's W64 form
         * writes its own full size back into the caller's smaller buffer) */
        todo_wine_if(sizes[i].wide)
        ok(buf.a.SizeOfStruct == sizes[i].size, "SizeOfStruct changed to %lu\n", buf.a.SizeOfStruct);
        ok(buf.a.BaseOfImage == base, "BaseOfImage %#I64x\n", buf.a.BaseOfImage);
        ok(buf.a.ImageSize == fixa_pe.size_of_image, "ImageSize %#lx\n", buf.a.ImageSize);
        if (sizes[i].wide)
            ok(!wcscmp(buf.w.ModuleName, L"fixa"), "ModuleName %ls\n", buf.w.ModuleName);
        else
            ok(!strcmp(buf.a.ModuleName, "fixa"), "ModuleName %s\n", buf.a.ModuleName);
        for (clean = TRUE, j = sizes[i].size; j < full; j++)
            if (buf.raw[j] != SENTINEL) clean = FALSE;
        ok(clean, "bytes past SizeOfStruct were written\n");
        winetest_pop_context();
    }

    /* too large: refused, and the structure is left alone */
    memset(&buf, SENTINEL, sizeof(buf));
    buf.a.SizeOfStruct = sizeof(IMAGEHLP_MODULE64) + 8;
    SetLastError(0xdeadbeef);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &buf.a);
    ok(!ret, "SymGetModuleInfo64 accepted SizeOfStruct %lu\n", buf.a.SizeOfStruct);
    /* Wine's module.c notes that native fails this with ERROR_MOD_NOT_FOUND */
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "error %lu\n", GetLastError());
    ok(buf.raw[8] == SENTINEL, "structure was written\n");

    memset(&buf, SENTINEL, sizeof(buf));
    buf.w.SizeOfStruct = sizeof(IMAGEHLP_MODULEW64) + 8;
    SetLastError(0xdeadbeef);
    ret = SymGetModuleInfoW64(FAKE_PROCESS, base, &buf.w);
    ok(!ret, "SymGetModuleInfoW64 accepted SizeOfStruct %lu\n", buf.w.SizeOfStruct);
    /* same as the ANSI form (Wine 8 sets no error here) */
    todo_wine ok(GetLastError() == ERROR_MOD_NOT_FOUND, "error %lu\n", GetLastError());
    ok(buf.raw[8] == SENTINEL, "structure was written\n");

    /* NULL information pointer: FALSE, not a crash */
    memset(&call, 0, sizeof(call));
    call.fn = null_info64;
    ret = run_guarded(&call);
    todo_wine ok(ret, "SymGetModuleInfo64(NULL) crashed\n");
    if (ret) ok(!call.ret, "SymGetModuleInfo64(NULL) succeeded\n");
    call.fn = null_infow64;
    ret = run_guarded(&call);
    todo_wine ok(ret, "SymGetModuleInfoW64(NULL) crashed\n");
    if (ret) ok(!call.ret, "SymGetModuleInfoW64(NULL) succeeded\n");

    SymCleanup(FAKE_PROCESS);
}

/* The other ways to name the image: SymLoadModuleExW, SymLoadModule64, the
 * 32-bit SymLoadModule, a bare name found through the search path, a file
 * handle, explicit base and size, and the ModuleName parameter. */
static void test_load_variants(void)
{
    char dir[MAX_PATH], path[MAX_PATH];
    WCHAR wpath[MAX_PATH];
    struct enum_state st;
    IMAGEHLP_MODULE64 im;
    HANDLE file;
    DWORD64 base;
    DWORD base32;
    BOOL ret;

    set_options(0, SYMOPT_DEFERRED_LOADS);
    SymInitialize(FAKE_PROCESS, NULL, FALSE);

    /* SymLoadModuleExW, explicit base, size 0: SizeOfImage from the PE */
    MultiByteToWideChar(CP_ACP, 0, fixa_path, -1, wpath, ARRAY_SIZE(wpath));
    base = SymLoadModuleExW(FAKE_PROCESS, NULL, wpath, NULL, 0x30000000, 0, NULL, 0);
    ok(base == 0x30000000, "SymLoadModuleExW returned %#I64x (error %lu)\n", base, GetLastError());
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret && im.BaseOfImage == 0x30000000 && im.ImageSize == fixa_pe.size_of_image,
       "ret %d base %#I64x size %#lx\n", ret, im.BaseOfImage, im.ImageSize);
    ok(!strcmp(im.ModuleName, "fixa"), "ModuleName %s\n", im.ModuleName);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    /* explicit size: kept as given, even when smaller than SizeOfImage */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, 0x30000000, 0x5000, NULL, 0);
    ok(base == 0x30000000, "SymLoadModuleEx returned %#I64x\n", base);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret && im.ImageSize == 0x5000, "ret %d size %#lx\n", ret, im.ImageSize);
    ok(SymGetModuleBase64(FAKE_PROCESS, base + 0x4fff) == base, "last byte not covered\n");
    ok(!SymGetModuleBase64(FAKE_PROCESS, base + 0x5000), "size not honoured\n");
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    /* SymLoadModule64, base 0 */
    base = SymLoadModule64(FAKE_PROCESS, NULL, fixb_path, NULL, 0, 0);
    ok(base == fixb_pe.image_base, "SymLoadModule64 returned %#I64x\n", base);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret && !strcmp(im.ModuleName, "fixb") && im.ImageSize == fixb_pe.size_of_image,
       "ret %d name %s size %#lx\n", ret, im.ModuleName, im.ImageSize);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    /* the 32-bit SymLoadModule */
    if (pSymLoadModule)
    {
        base32 = pSymLoadModule(FAKE_PROCESS, NULL, fixa_path, NULL, 0, 0);
        ok(base32 == (DWORD)fixa_pe.image_base, "SymLoadModule returned %#lx\n", base32);
        ok(has_module(FAKE_PROCESS, fixa_pe.image_base), "module not there\n");
        base32 = pSymLoadModule(FAKE_PROCESS, NULL, fixb_path, NULL, 0x40000000, 0x3000);
        ok(base32 == 0x40000000, "SymLoadModule returned %#lx\n", base32);
        ok(SymGetModuleBase64(FAKE_PROCESS, 0x40002fff) == 0x40000000, "size not honoured\n");
        ok(SymUnloadModule64(FAKE_PROCESS, 0x40000000), "unload failed: %lu\n", GetLastError());
        ok(SymUnloadModule64(FAKE_PROCESS, fixa_pe.image_base), "unload failed: %lu\n", GetLastError());
    }
    else win_skip("SymLoadModule export missing\n");

    /* a bare name is looked up along the symbol search path; ImageName keeps
     * the name as given, LoadedImageName is the file found (Windows evidence:
     * test_load_modules_details with "bar.dll") */
    dir_of(fixa_path, dir, sizeof(dir));
    ret = SymSetSearchPath(FAKE_PROCESS, dir);
    ok(ret, "SymSetSearchPath failed: %lu\n", GetLastError());
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "fixa.dll", NULL, 0, 0, NULL, 0);
    ok(base == fixa_pe.image_base, "bare name: SymLoadModuleEx returned %#I64x (error %lu)\n",
       base, GetLastError());
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    ok(!strcmp(im.ModuleName, "fixa"), "ModuleName %s\n", im.ModuleName);
    ok(!_stricmp(im.ImageName, "fixa.dll"), "ImageName %s\n", im.ImageName);
    ok(!_stricmp(im.LoadedImageName, fixa_path), "LoadedImageName %s, expected %s\n",
       im.LoadedImageName, fixa_path);
    ok(im.ImageSize == fixa_pe.size_of_image, "ImageSize %#lx\n", im.ImageSize);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());
    SymSetSearchPath(FAKE_PROCESS, NULL);

    /* by file handle, with the image name */
    file = CreateFileA(fixb_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot open %s\n", fixb_path);
    base = SymLoadModuleEx(FAKE_PROCESS, file, fixb_path, NULL, 0, 0, NULL, 0);
    ok(base == fixb_pe.image_base, "hFile+name: SymLoadModuleEx returned %#I64x (error %lu)\n",
       base, GetLastError());
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret && im.ImageSize == fixb_pe.size_of_image && im.CheckSum == fixb_pe.checksum,
       "ret %d size %#lx checksum %#lx\n", ret, im.ImageSize, im.CheckSum);
    ok(!strcmp(im.ModuleName, "fixb"), "ModuleName %s\n", im.ModuleName);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    /* by file handle alone: the headers come from the handle */
    base = SymLoadModuleEx(FAKE_PROCESS, file, NULL, NULL, 0x50000000, 0, NULL, 0);
    ok(base == 0x50000000, "hFile alone: SymLoadModuleEx returned %#I64x (error %lu)\n",
       base, GetLastError());
    memset(&im, SENTINEL, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    if (ret)
    {
        ok(im.ImageSize == fixb_pe.size_of_image, "ImageSize %#lx\n", im.ImageSize);
        ok(im.CheckSum == fixb_pe.checksum, "CheckSum %#lx\n", im.CheckSum);
        ok(im.MachineType == fixb_pe.machine, "MachineType %#lx\n", im.MachineType);
        /* no image name given: ImageName stays empty.  Wine leaves the
         * other names empty too; naming the module after the handle's file
         * is accepted as well (Windows behaviour unknown). */
        ok(!im.ImageName[0], "ImageName '%s'\n", im.ImageName);
        ok(!im.ModuleName[0] || !strcmp(im.ModuleName, "fixb"), "ModuleName '%s'\n", im.ModuleName);
        ok(!im.LoadedImageName[0] || !_stricmp(im.LoadedImageName, fixb_path),
           "LoadedImageName '%s'\n", im.LoadedImageName);
    }
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());
    /* the caller's handle is the caller's: still open after the unload */
    ok(CloseHandle(file), "the file handle was closed by dbghelp\n");

    /* ModuleName: on Windows it is an alias for "alias!symbol" lookups, the
     * reported name stays the image's (test_load_modules_details loads
     * bar.dll as "foo_bar" and gets ModuleName "bar"); Wine 8 replaces it */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, "myalias", 0x30000000, 0, NULL, 0);
    ok(base == 0x30000000, "SymLoadModuleEx returned %#I64x\n", base);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    todo_wine ok(!strcmp(im.ModuleName, "fixa"), "ModuleName %s\n", im.ModuleName);
    ok(!_stricmp(im.ImageName, fixa_path), "ImageName %s\n", im.ImageName);
    ok(enum_modules(FAKE_PROCESS, &st) == 1, "%u modules\n", st.count);
    todo_wine ok(!strcmp(st.names[0], "fixa"), "enumerated name %s\n", st.names[0]);
    /* both names qualify symbols (test_load_modules_details: "foo_bar!sym") */
    if (pSymFromName)
    {
        char buffer[sizeof(SYMBOL_INFO) + 64];
        SYMBOL_INFO *si = (SYMBOL_INFO *)buffer;

        memset(buffer, 0, sizeof(buffer));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 64;
        ret = pSymFromName(FAKE_PROCESS, "myalias!fixture_add", si);
        ok(ret && si->ModBase == base, "alias lookup: ret %d error %lu\n", ret, GetLastError());
        memset(buffer, 0, sizeof(buffer));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 64;
        ret = pSymFromName(FAKE_PROCESS, "fixa!fixture_add", si);
        todo_wine ok(ret && si->ModBase == base, "image name lookup: ret %d error %lu\n", ret, GetLastError());
    }
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    /* the reported name keeps the file's case (WinDbg, which reports
     * dbghelp's module names, shows KERNELBASE, MSVCP140_APP...) */
    if (copy_fixture(fixa_path, "MixCase.DLL", path, sizeof(path)))
    {
        base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0x30000000, 0, NULL, 0);
        ok(base == 0x30000000, "SymLoadModuleEx returned %#I64x\n", base);
        im.SizeOfStruct = sizeof(im);
        ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
        ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
        todo_wine ok(!strcmp(im.ModuleName, "MixCase"), "ModuleName %s\n", im.ModuleName);
        ok(!_stricmp(im.ModuleName, "MixCase"), "ModuleName %s\n", im.ModuleName);
        ok(!strcmp(im.ImageName, path), "ImageName %s\n", im.ImageName);
        ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());
    }
    else skip("cannot copy MixCase.DLL\n");

    /* errors */
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(UNKNOWN_HANDLE, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(!base && GetLastError() == ERROR_INVALID_HANDLE,
       "unknown handle: %#I64x error %lu\n", base, GetLastError());
    snprintf(path, sizeof(path), "%snosuchfile.dll", wtest_tmpdir);
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(!base, "missing image loaded at %#I64x\n", base);
    /* Windows 10/11: ERROR_NO_MORE_FILES; Windows 8: ERROR_INVALID_HANDLE;
     * Wine 8: ERROR_FILE_NOT_FOUND */
    todo_wine
    ok(GetLastError() == ERROR_NO_MORE_FILES || broken(GetLastError() == ERROR_INVALID_HANDLE),
       "missing image: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0x30000000, 0x1000, NULL, 0);
    ok(!base, "missing image loaded at %#I64x\n", base);
    todo_wine
    ok(GetLastError() == ERROR_NO_MORE_FILES || broken(GetLastError() == ERROR_INVALID_HANDLE),
       "missing image at a free base: error %lu\n", GetLastError());
    ok(enum_modules(FAKE_PROCESS, &st) == 0, "%u modules left\n", st.count);

    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* SLMFLAG_VIRTUAL: a module with no file behind it. */
static void test_virtual(void)
{
    IMAGEHLP_MODULE64 im;
    IMAGEHLP_MODULEW64 imw;
    DWORD64 base;
    BOOL ret;

    set_options(0, SYMOPT_DEFERRED_LOADS);
    SymInitialize(FAKE_PROCESS, NULL, FALSE);

    /* the name needs no file */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "virt.dll", NULL, 0x60000000, 0x4000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x60000000, "SymLoadModuleEx returned %#I64x (error %lu)\n", base, GetLastError());
    memset(&im, SENTINEL, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, 0x60003fff, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    ok(im.BaseOfImage == 0x60000000, "BaseOfImage %#I64x\n", im.BaseOfImage);
    ok(im.ImageSize == 0x4000, "ImageSize %#lx\n", im.ImageSize);
    ok(im.SymType == SymVirtual, "SymType %u\n", im.SymType);
    ok(!strcmp(im.ModuleName, "virt"), "ModuleName %s\n", im.ModuleName);
    ok(!strcmp(im.ImageName, "virt.dll"), "ImageName %s\n", im.ImageName);
    ok(!strcmp(im.LoadedImageName, "virt.dll"), "LoadedImageName %s\n", im.LoadedImageName);
    ok(!im.TimeDateStamp && !im.CheckSum, "stamp %#lx checksum %#lx\n", im.TimeDateStamp, im.CheckSum);
    ok(!im.NumSyms, "NumSyms %lu\n", im.NumSyms);
    ok(!SymGetModuleBase64(FAKE_PROCESS, 0x60004000), "size not honoured\n");

    /* a name alone, no image name: loaded, with empty names (Windows
     * evidence: test_load_modules_details case 1) */
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, NULL, "foo_bar", 0x61000000, 0x1000, NULL, SLMFLAG_VIRTUAL);
    todo_wine ok(base == 0x61000000, "SymLoadModuleEx returned %#I64x (error %lu)\n", base, GetLastError());
    memset(&imw, SENTINEL, sizeof(imw));
    imw.SizeOfStruct = sizeof(imw);
    ret = SymGetModuleInfoW64(FAKE_PROCESS, 0x61000000, &imw);
    todo_wine ok(ret, "SymGetModuleInfoW64 failed: %lu\n", GetLastError());
    if (ret)
    {
        ok(imw.SymType == SymVirtual, "SymType %u\n", imw.SymType);
        ok(imw.ImageSize == 0x1000, "ImageSize %#lx\n", imw.ImageSize);
        ok(!imw.ModuleName[0], "ModuleName %ls\n", imw.ModuleName);
        ok(!imw.ImageName[0], "ImageName %ls\n", imw.ImageName);
        ok(!imw.LoadedImageName[0], "LoadedImageName %ls\n", imw.LoadedImageName);
    }

    /* unloading a virtual module */
    ret = SymUnloadModule64(FAKE_PROCESS, 0x60000000);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ok(!has_module(FAKE_PROCESS, 0x60000000), "module still there\n");
    SymUnloadModule64(FAKE_PROCESS, 0x61000000);

    /* with SYMOPT_DEFERRED_LOADS a virtual module is deferred too (Windows
     * evidence: test_load_modules_details case 3) */
    set_options(SYMOPT_DEFERRED_LOADS, 0);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "virt.dll", NULL, 0x60000000, 0x4000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x60000000, "SymLoadModuleEx returned %#I64x\n", base);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    todo_wine ok(im.SymType == SymDeferred, "SymType %u\n", im.SymType);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload of deferred virtual failed: %lu\n", GetLastError());
    set_options(0, SYMOPT_DEFERRED_LOADS);

    /* a virtual module above 4 GiB */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "high.dll", NULL, 0x100000000, 0x2000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x100000000, "SymLoadModuleEx returned %#I64x\n", base);
    ok(SymGetModuleBase64(FAKE_PROCESS, 0x100001fff) == 0x100000000, "high module not found\n");
    ok(SymUnloadModule64(FAKE_PROCESS, 0x100000010), "unload by inner address failed: %lu\n", GetLastError());

    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* SYMOPT_DEFERRED_LOADS and SLMFLAG_NO_SYMBOLS. */
static void test_deferred(void)
{
    char path[MAX_PATH];
    char buffer[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buffer;
    struct pe_facts pe;
    IMAGEHLP_MODULE64 im;
    DWORD64 base;
    BOOL ret;

    if (!make_export_only(fixb_path, "fixdef.dll", path, sizeof(path)) || !read_pe_facts(path, &pe))
    {
        skip("cannot prepare fixdef.dll\n");
        return;
    }
    SymInitialize(FAKE_PROCESS, NULL, FALSE);
    set_options(SYMOPT_DEFERRED_LOADS, 0);

    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base == pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    memset(&im, SENTINEL, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    ok(im.SymType == SymDeferred, "SymType %u, expected SymDeferred\n", im.SymType);
    ok(im.BaseOfImage == base && im.ImageSize == pe.size_of_image,
       "base %#I64x size %#lx\n", im.BaseOfImage, im.ImageSize);
    ok(im.CheckSum == pe.checksum, "CheckSum %#lx\n", im.CheckSum);
    ok(im.MachineType == pe.machine, "MachineType %#lx\n", im.MachineType);
    ok(!strcmp(im.ModuleName, "fixdef"), "ModuleName %s\n", im.ModuleName);
    ok(!_stricmp(im.ImageName, path), "ImageName %s\n", im.ImageName);
    /* Windows reports neither the loaded image nor its stamp before the
     * symbols are loaded (test_load_modules_details, deferred cases) */
    todo_wine ok(!im.LoadedImageName[0], "LoadedImageName %s\n", im.LoadedImageName);
    todo_wine ok(!im.TimeDateStamp || broken(im.TimeDateStamp == pe.timestamp),
                 "TimeDateStamp %#lx\n", im.TimeDateStamp);
    /* neither the information calls nor the base lookup load the symbols */
    ok(SymGetModuleBase64(FAKE_PROCESS, base + 0x100) == base, "SymGetModuleBase64 failed\n");
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret && im.SymType == SymDeferred, "second call: ret %d SymType %u\n", ret, im.SymType);

    /* the first symbol lookup loads the symbols */
    if (pSymFromName)
    {
        memset(buffer, 0, sizeof(buffer));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        ret = pSymFromName(FAKE_PROCESS, "fixture_extra", si);
        ok(ret, "SymFromName failed: %lu\n", GetLastError());
        ok(!ret || si->ModBase == base, "ModBase %#I64x\n", si->ModBase);
        im.SizeOfStruct = sizeof(im);
        ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
        todo_wine_if(WTEST_32BIT) /* SymDia: see test_load_full_path */
        ok(ret && im.SymType == SymExport, "after lookup: ret %d SymType %u\n", ret, im.SymType);
        ok(!_stricmp(im.LoadedImageName, path), "LoadedImageName %s\n", im.LoadedImageName);
        ok(im.TimeDateStamp == pe.timestamp, "TimeDateStamp %#lx\n", im.TimeDateStamp);
    }
    else win_skip("SymFromName export missing\n");
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    /* a deferred module is unloaded without ever being loaded */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base == pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    ret = SymUnloadModule64(FAKE_PROCESS, base);
    ok(ret, "unload of a deferred module failed: %lu\n", GetLastError());
    ok(!has_module(FAKE_PROCESS, base), "module still there\n");

    /* SLMFLAG_NO_SYMBOLS: SymNone, or SymDeferred while deferred (Windows
     * evidence: test_load_modules_details cases 16 and 17) */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, SLMFLAG_NO_SYMBOLS);
    ok(base == pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret && im.SymType == SymDeferred, "ret %d SymType %u\n", ret, im.SymType);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    set_options(0, SYMOPT_DEFERRED_LOADS);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, SLMFLAG_NO_SYMBOLS);
    ok(base == pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    memset(&im, SENTINEL, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base, &im);
    ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
    todo_wine ok(im.SymType == SymNone, "SymType %u, expected SymNone\n", im.SymType);
    ok(im.ImageSize == pe.size_of_image, "ImageSize %#lx\n", im.ImageSize);
    ok(!strcmp(im.ModuleName, "fixdef"), "ModuleName %s\n", im.ModuleName);
    ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed: %lu\n", GetLastError());

    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* Loading over an existing module (Windows evidence: test_modules_overlap). */
static void test_overlap(void)
{
    const DWORD64 base1 = fixa_pe.image_base;
    const DWORD size1 = fixa_pe.size_of_image;
    static const struct { int image; DWORD64 offset; DWORD size; } same_base[] =
    {
        { 0, 0, 0 }, { 0, 0, 0x1000 }, { 1, 0, 0 }, { 1, 0, 0x80000 }, { 2, 0, 0 }, { 2, 0, 0x1000 },
    };
    char missing[MAX_PATH];
    const char *images[3];
    struct enum_state st;
    IMAGEHLP_MODULE64 im;
    DWORD64 base;
    unsigned i;
    BOOL ret;

    snprintf(missing, sizeof(missing), "%snosuchfile.dll", wtest_tmpdir);
    images[0] = fixa_path;
    images[1] = fixb_path;
    images[2] = missing;
    set_options(0, SYMOPT_DEFERRED_LOADS);
    SymInitialize(FAKE_PROCESS, NULL, FALSE);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == base1, "SymLoadModuleEx returned %#I64x\n", base);

    /* the same base again, whatever the image and size: 0 with
     * ERROR_SUCCESS, the first module untouched; the base is checked before
     * the image is even looked for.  Wine 8 refuses another image with
     * ERROR_INVALID_PARAMETER and looks for the file first. */
    for (i = 0; i < ARRAY_SIZE(same_base); i++)
    {
        winetest_push_context("same base %u", i);
        SetLastError(0xdeadbeef);
        base = SymLoadModuleEx(FAKE_PROCESS, NULL, images[same_base[i].image], NULL,
                               base1 + same_base[i].offset, same_base[i].size, NULL, 0);
        ok(!base, "loaded at %#I64x\n", base);
        todo_wine_if(same_base[i].image != 0)
        ok(GetLastError() == ERROR_SUCCESS, "error %lu\n", GetLastError());
        ok(enum_modules(FAKE_PROCESS, &st) == 1, "%u modules\n", st.count);
        im.SizeOfStruct = sizeof(im);
        ret = SymGetModuleInfo64(FAKE_PROCESS, base1, &im);
        ok(ret && im.ImageSize == size1 && !strcmp(im.ModuleName, "fixa"),
           "ret %d size %#lx name %s\n", ret, im.ImageSize, im.ModuleName);
        winetest_pop_context();
    }

    /* base 0 resolving to the used preferred base */
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(!base, "loaded at %#I64x\n", base);
    todo_wine ok(GetLastError() == ERROR_INVALID_ADDRESS, "base 0 on a used base: error %lu\n", GetLastError());
    ok(enum_modules(FAKE_PROCESS, &st) == 1, "%u modules\n", st.count);
    /* base 0 and a missing image */
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, missing, NULL, 0, 0, NULL, 0);
    ok(!base, "loaded at %#I64x\n", base);
    todo_wine
    ok(GetLastError() == ERROR_NO_MORE_FILES || broken(GetLastError() == ERROR_INVALID_HANDLE),
       "missing image: error %lu\n", GetLastError());
    ok(has_module(FAKE_PROCESS, base1), "first module gone\n");

    /* a module right after the first one: both stay */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixb_path, NULL, base1 + size1, 0, NULL, 0);
    ok(base == base1 + size1, "adjacent: SymLoadModuleEx returned %#I64x\n", base);
    ok(enum_modules(FAKE_PROCESS, &st) == 2, "%u modules\n", st.count);
    ok(SymGetModuleBase64(FAKE_PROCESS, base1 + size1 - 1) == base1, "first module lost its end\n");
    ok(SymGetModuleBase64(FAKE_PROCESS, base1 + size1) == base1 + size1, "second module not found\n");
    ok(SymUnloadModule64(FAKE_PROCESS, base1 + size1), "unload failed: %lu\n", GetLastError());

    /* a base strictly inside an existing module replaces it: the same image */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, base1 + size1 / 2, size1, NULL, 0);
    ok(base == base1 + size1 / 2, "inside: SymLoadModuleEx returned %#I64x (error %lu)\n",
       base, GetLastError());
    ok(enum_modules(FAKE_PROCESS, &st) == 1, "%u modules\n", st.count);
    ok(st.bases[0] == base1 + size1 / 2, "enumerated %#I64x %s\n", st.bases[0], st.names[0]);
    SetLastError(0xdeadbeef);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base1, &im);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND,
       "old module still answers: ret %d error %lu\n", ret, GetLastError());
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base1 + size1 / 2, &im);
    ok(ret && !strcmp(im.ModuleName, "fixa") && im.ImageSize == size1,
       "ret %d name %s size %#lx\n", ret, im.ModuleName, im.ImageSize);

    /* ... and another image (Wine 8 refuses it with ERROR_INVALID_PARAMETER) */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixb_path, NULL, base1 + size1 / 2 + 0x1000, 0x2000, NULL, 0);
    todo_wine ok(base == base1 + size1 / 2 + 0x1000, "inside: SymLoadModuleEx returned %#I64x (error %lu)\n",
                 base, GetLastError());
    ok(enum_modules(FAKE_PROCESS, &st) == 1, "%u modules\n", st.count);
    todo_wine ok(st.bases[0] == base1 + size1 / 2 + 0x1000 && !strcmp(st.names[0], "fixb"),
                 "enumerated %#I64x %s\n", st.bases[0], st.names[0]);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, base1 + size1 / 2, &im);
    todo_wine ok(!ret, "the replaced module still answers\n");

    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* SymUnloadModule64 and SymUnloadModule. */
static void test_unload(void)
{
    const DWORD64 basea = fixa_pe.image_base, baseb = fixb_pe.image_base;
    struct enum_state st;
    IMAGEHLP_MODULE64 im;
    DWORD64 base;
    BOOL ret;

    /* never initialised */
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(UNKNOWN_HANDLE, basea);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "never initialised: ret %d error %lu\n", ret, GetLastError());

    set_options(0, SYMOPT_DEFERRED_LOADS);
    SymInitialize(FAKE_PROCESS, NULL, FALSE);

    /* nothing loaded yet */
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(FAKE_PROCESS, basea);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND,
       "empty handle: ret %d error %lu\n", ret, GetLastError());

    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == basea, "SymLoadModuleEx returned %#I64x\n", base);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixb_path, NULL, 0, 0, NULL, 0);
    ok(base == baseb, "SymLoadModuleEx returned %#I64x\n", base);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "virt.dll", NULL, 0x60000000, 0x1000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x60000000, "SymLoadModuleEx returned %#I64x\n", base);
    ok(enum_modules(FAKE_PROCESS, &st) == 3, "%u modules\n", st.count);

    /* an address in no module */
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(FAKE_PROCESS, 0);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "address 0: ret %d error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(FAKE_PROCESS, 0x70000000);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "no module: ret %d error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(FAKE_PROCESS, basea + fixa_pe.size_of_image);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "one past the end: ret %d error %lu\n",
       ret, GetLastError());
    ok(enum_modules(FAKE_PROCESS, &st) == 3, "%u modules\n", st.count);

    /* an address inside a module (not its base) unloads that module */
    ret = SymUnloadModule64(FAKE_PROCESS, basea + 0x1000);
    ok(ret, "unload by inner address failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, basea, &im);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "after unload: ret %d error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    base = SymGetModuleBase64(FAKE_PROCESS, basea);
    ok(!base && GetLastError() == ERROR_MOD_NOT_FOUND, "after unload: base %#I64x error %lu\n",
       base, GetLastError());
    /* the others are intact */
    ok(enum_modules(FAKE_PROCESS, &st) == 2, "%u modules\n", st.count);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, baseb, &im);
    ok(ret && !strcmp(im.ModuleName, "fixb") && im.ImageSize == fixb_pe.size_of_image,
       "fixb: ret %d name %s size %#lx\n", ret, im.ModuleName, im.ImageSize);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, 0x60000000, &im);
    ok(ret && im.SymType == SymVirtual && im.ImageSize == 0x1000,
       "virtual: ret %d SymType %u size %#lx\n", ret, im.SymType, im.ImageSize);

    /* a second unload */
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(FAKE_PROCESS, basea);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "second unload: ret %d error %lu\n", ret, GetLastError());

    /* reload after unload */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == basea, "reload returned %#I64x (error %lu)\n", base, GetLastError());
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, basea, &im);
    ok(ret && im.ImageSize == fixa_pe.size_of_image && !strcmp(im.ModuleName, "fixa") &&
       im.SymType != SymNone && im.SymType != SymDeferred,
       "reloaded: ret %d size %#lx name %s SymType %u\n", ret, im.ImageSize, im.ModuleName, im.SymType);
    ok(enum_modules(FAKE_PROCESS, &st) == 3, "%u modules\n", st.count);

    /* the 32-bit export */
    if (pSymUnloadModule)
    {
        ret = pSymUnloadModule(FAKE_PROCESS, (DWORD)baseb + 0x10);
        ok(ret, "SymUnloadModule failed: %lu\n", GetLastError());
        ok(!has_module(FAKE_PROCESS, baseb), "fixb still there\n");
        SetLastError(0xdeadbeef);
        ret = pSymUnloadModule(FAKE_PROCESS, (DWORD)baseb);
        ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "second unload: ret %d error %lu\n",
           ret, GetLastError());
        SetLastError(0xdeadbeef);
        ret = pSymUnloadModule(UNKNOWN_HANDLE, (DWORD)basea);
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n",
           ret, GetLastError());
        ret = pSymUnloadModule(FAKE_PROCESS, 0x60000000);
        ok(ret, "SymUnloadModule of a virtual module failed: %lu\n", GetLastError());
    }
    else win_skip("SymUnloadModule export missing\n");

    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* after SymCleanup the handle is unknown again */
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(FAKE_PROCESS, basea);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "after SymCleanup: ret %d error %lu\n",
       ret, GetLastError());
    SetLastError(0xdeadbeef);
    im.SizeOfStruct = sizeof(im);
    ret = SymGetModuleInfo64(FAKE_PROCESS, basea, &im);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "info after SymCleanup: ret %d error %lu\n",
       ret, GetLastError());
    SetLastError(0xdeadbeef);
    base = SymGetModuleBase64(FAKE_PROCESS, basea);
    ok(!base && GetLastError() == ERROR_INVALID_HANDLE, "base after SymCleanup: %#I64x error %lu\n",
       base, GetLastError());
    if (pSymUnloadModule)
    {
        SetLastError(0xdeadbeef);
        ret = pSymUnloadModule(FAKE_PROCESS, (DWORD)basea);
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "after SymCleanup: ret %d error %lu\n",
           ret, GetLastError());
    }
}

/* Unload, SymCleanup and deferred modules release the image file at once:
 * it can be opened for exclusive writing and deleted right after. */
static void test_file_release(void)
{
    char path[MAX_PATH];
    HANDLE file;
    DWORD64 base;
    BOOL ret;

    SymInitialize(FAKE_PROCESS, NULL, FALSE);

    /* symbols loaded at once, then unloaded */
    set_options(0, SYMOPT_DEFERRED_LOADS);
    ok(copy_fixture(fixa_path, "release1.dll", path, sizeof(path)), "copy failed\n");
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base == fixa_pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    ret = SymUnloadModule64(FAKE_PROCESS, base);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ok(file_is_free(path), "image still open after unload: %lu\n", GetLastError());
    ok(DeleteFileA(path), "DeleteFile after unload failed: %lu\n", GetLastError());

    /* deferred, then unloaded */
    set_options(SYMOPT_DEFERRED_LOADS, 0);
    ok(copy_fixture(fixa_path, "release2.dll", path, sizeof(path)), "copy failed\n");
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base == fixa_pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    ret = SymUnloadModule64(FAKE_PROCESS, base);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ok(file_is_free(path), "deferred image still open after unload: %lu\n", GetLastError());
    ok(DeleteFileA(path), "DeleteFile after unload failed: %lu\n", GetLastError());
    set_options(0, SYMOPT_DEFERRED_LOADS);

    /* loaded through a handle: once both sides are done, the file is free */
    ok(copy_fixture(fixa_path, "release3.dll", path, sizeof(path)), "copy failed\n");
    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    base = SymLoadModuleEx(FAKE_PROCESS, file, path, NULL, 0, 0, NULL, 0);
    ok(base == fixa_pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    ret = SymUnloadModule64(FAKE_PROCESS, base);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ok(CloseHandle(file), "the caller's handle was closed\n");
    ok(file_is_free(path), "image still open after unload: %lu\n", GetLastError());
    ok(DeleteFileA(path), "DeleteFile after unload failed: %lu\n", GetLastError());

    /* loaded, then SymCleanup */
    ok(copy_fixture(fixb_path, "release4.dll", path, sizeof(path)), "copy failed\n");
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base == fixb_pe.image_base, "SymLoadModuleEx returned %#I64x\n", base);
    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
    ok(file_is_free(path), "image still open after SymCleanup: %lu\n", GetLastError());
    ok(DeleteFileA(path), "DeleteFile after SymCleanup failed: %lu\n", GetLastError());
}

/* The 32-bit APIs against modules placed around and above 4 GiB: addresses
 * are widened, never truncated, so a module above 4 GiB is out of their
 * reach and never answers for its low 32 bits. */
static void test_32bit_truncation(void)
{
    struct module32 im32;
    DWORD base32;
    DWORD64 base;
    BOOL ret;

    if (!pSymGetModuleBase || !pSymGetModuleInfo || !pSymUnloadModule)
    {
        win_skip("32-bit exports missing\n");
        return;
    }
    set_options(0, SYMOPT_DEFERRED_LOADS);
    SymInitialize(FAKE_PROCESS, NULL, FALSE);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "high.dll", NULL, 0x120000000, 0x2000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x120000000, "SymLoadModuleEx returned %#I64x\n", base);

    /* the low 32 bits of the high module's range */
    SetLastError(0xdeadbeef);
    base32 = pSymGetModuleBase(FAKE_PROCESS, 0x20000010);
    ok(!base32 && GetLastError() == ERROR_MOD_NOT_FOUND, "SymGetModuleBase: %#lx error %lu\n",
       base32, GetLastError());
    SetLastError(0xdeadbeef);
    im32.SizeOfStruct = sizeof(im32);
    ret = pSymGetModuleInfo(FAKE_PROCESS, 0x20000010, &im32);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "SymGetModuleInfo: ret %d error %lu\n",
       ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pSymUnloadModule(FAKE_PROCESS, 0x20000000);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "SymUnloadModule: ret %d error %lu\n",
       ret, GetLastError());
    ok(has_module(FAKE_PROCESS, 0x120000000), "high module gone\n");

    /* a low module with the same low 32 bits is the one found */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "low.dll", NULL, 0x20000000, 0x2000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x20000000, "SymLoadModuleEx returned %#I64x\n", base);
    base32 = pSymGetModuleBase(FAKE_PROCESS, 0x20000010);
    ok(base32 == 0x20000000, "SymGetModuleBase: %#lx\n", base32);
    memset(&im32, 0, sizeof(im32));
    im32.SizeOfStruct = sizeof(im32);
    ret = pSymGetModuleInfo(FAKE_PROCESS, 0x20001fff, &im32);
    ok(ret && im32.BaseOfImage == 0x20000000 && !strcmp(im32.ModuleName, "low") && im32.ImageSize == 0x2000,
       "SymGetModuleInfo: ret %d base %#lx name %s size %#lx\n", ret, im32.BaseOfImage,
       im32.ModuleName, im32.ImageSize);
    ret = pSymUnloadModule(FAKE_PROCESS, 0x20000000);
    ok(ret, "SymUnloadModule failed: %lu\n", GetLastError());
    ok(has_module(FAKE_PROCESS, 0x120000000), "the high module was unloaded instead\n");
    ok(!has_module(FAKE_PROCESS, 0x20000000), "the low module is still there\n");

    /* the top of the 32-bit range: zero-extended (Wine); Windows may
     * sign-extend such addresses */
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, "top.dll", NULL, 0x90000000, 0x1000, NULL, SLMFLAG_VIRTUAL);
    ok(base == 0x90000000, "SymLoadModuleEx returned %#I64x\n", base);
    base32 = pSymGetModuleBase(FAKE_PROCESS, 0x90000010);
    ok(base32 == 0x90000000 || broken(!base32), "SymGetModuleBase: %#lx\n", base32);

    ret = SymCleanup(FAKE_PROCESS);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

START_TEST(module)
{
    DWORD old_options = SymGetOptions();

    pSymLoadModule     = (load32_fn)(void *)wtest_dbghelp_proc("SymLoadModule");
    pSymUnloadModule   = (unload32_fn)(void *)wtest_dbghelp_proc("SymUnloadModule");
    pSymGetModuleInfo  = (info32_fn)(void *)wtest_dbghelp_proc("SymGetModuleInfo");
    pSymGetModuleInfoW = (info32w_fn)(void *)wtest_dbghelp_proc("SymGetModuleInfoW");
    pSymGetModuleBase  = (base32_fn)(void *)wtest_dbghelp_proc("SymGetModuleBase");
    pSymFromName = (BOOL (WINAPI *)(HANDLE, PCSTR, PSYMBOL_INFO))(void *)wtest_dbghelp_proc("SymFromName");

    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    snprintf(fixb_path, sizeof(fixb_path), "%sfixb.dll", wtest_fixtures);
    if (!read_pe_facts(fixa_path, &fixa_pe) || !read_pe_facts(fixb_path, &fixb_pe))
    {
        ok(0, "fixtures not found or not readable in %s\n", wtest_fixtures);
        return;
    }
    /* the fixtures' layout this file relies on */
    ok(fixa_pe.image_base == 0x10000000 && fixb_pe.image_base == 0x20000000,
       "fixture bases %#I64x %#I64x\n", fixa_pe.image_base, fixb_pe.image_base);

    test_load_full_path();
    test_info_sizes();
    test_load_variants();
    test_virtual();
    test_deferred();
    test_overlap();
    test_unload();
    test_file_release();
    test_32bit_truncation();

    SymSetOptions(old_options);
}
