/*
 * image.c: the image helpers of dbghelp.dll (and imagehlp.dll's forwarders
 * to them): ImageNtHeader, ImageDirectoryEntryToData(Ex), ImageRvaToSection,
 * ImageRvaToVa, GetTimestampForLoadedLibrary, on a loaded image, on a file
 * mapped as data and on hand-made headers.
 *
 * The section rules asserted here are ntdll's RtlImageRvaToVa /
 * RtlImageRvaToSection on Windows, which these functions are built on
 * (ReactOS's apitest RtlImageRvaToVa, run on Windows, checks the same
 * rules: a section holds [VirtualAddress, VirtualAddress + SizeOfRawData),
 * the first such section wins, the headers belong to none, and the hint
 * section is used when it holds the RVA and left alone on failure).
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

typedef PIMAGE_NT_HEADERS (WINAPI *nt_header_func)(PVOID);
typedef DWORD (WINAPI *timestamp_func)(HMODULE);

static char fixa_path[MAX_PATH];

/* What the headers of a mapped image say, read by hand. */
static const IMAGE_NT_HEADERS *headers_of(const void *base)
{
    const IMAGE_DOS_HEADER *dos = base;
    return (const IMAGE_NT_HEADERS *)((const char *)base + dos->e_lfanew);
}

static const IMAGE_DATA_DIRECTORY *dir_of(const IMAGE_NT_HEADERS *nt, unsigned i)
{
    return &nt->OptionalHeader.DataDirectory[i];
}

static void *map_file(const char *path, HANDLE *file, HANDLE *map)
{
    void *view = NULL;

    *map = NULL;
    *file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(*file != INVALID_HANDLE_VALUE, "cannot open %s: %lu\n", path, GetLastError());
    if (*file == INVALID_HANDLE_VALUE) return NULL;
    *map = CreateFileMappingA(*file, NULL, PAGE_READONLY, 0, 0, NULL);
    ok(*map != NULL, "CreateFileMapping: %lu\n", GetLastError());
    if (*map) view = MapViewOfFile(*map, FILE_MAP_READ, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: %lu\n", GetLastError());
    return view;
}

static void unmap_file(void *view, HANDLE file, HANDLE map)
{
    if (view) UnmapViewOfFile(view);
    if (map) CloseHandle(map);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
}

static void test_nt_header(void)
{
    HMODULE self = GetModuleHandleA(NULL);
    char buf[0x400];
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)buf;
    IMAGE_NT_HEADERS *nt;

    nt = ImageNtHeader(self);
    ok(nt == headers_of(self), "loaded image: %p, want %p\n", nt, headers_of(self));
    ok(ImageNtHeader(NULL) == NULL, "NULL base accepted\n");

    memset(buf, 0, sizeof(buf));
    ok(ImageNtHeader(buf) == NULL, "no MZ signature accepted\n");
    dos->e_magic = IMAGE_DOS_SIGNATURE;
    dos->e_lfanew = 0x80;
    ok(ImageNtHeader(buf) == NULL, "no PE signature accepted\n");
    *(DWORD *)(buf + 0x80) = IMAGE_NT_SIGNATURE;
    ok(ImageNtHeader(buf) == (IMAGE_NT_HEADERS *)(buf + 0x80), "minimal headers refused\n");
    /* Only the signature is checked: no optional-header magic needed. */
    ((IMAGE_NT_HEADERS *)(buf + 0x80))->OptionalHeader.Magic = 0x1234;
    ok(ImageNtHeader(buf) == (IMAGE_NT_HEADERS *)(buf + 0x80), "odd magic refused\n");
}

/* e_lfanew and the section count point past readable memory.  Windows'
 * ntdll reads there and faults; Wine's builtin faults in ImageRvaToSection
 * too, so these run against ours only. */
static void test_hostile_headers(void)
{
    SYSTEM_INFO si;
    char *page;
    IMAGE_DOS_HEADER *dos;
    IMAGE_NT_HEADERS *nt;
    IMAGE_SECTION_HEADER *hint;
    ULONG size = 0xdeadbeef;

    if (wtest_platform != WTEST_OURS)
    {
        skip("hostile headers fault on Windows and Wine's builtin\n");
        return;
    }
    GetSystemInfo(&si);
    /* One committed page followed by reserved, inaccessible ones: 2 MB,
     * so that what the hostile counts below reach (the data directory's
     * entry 0xffff, 512 KB on) is inaccessible too, not some other
     * mapping that happens to follow (seen in the denser i686 address
     * space). */
    page = VirtualAlloc(NULL, 2 << 20, MEM_RESERVE, PAGE_NOACCESS);
    ok(page != NULL, "VirtualAlloc: %lu\n", GetLastError());
    if (!page) return;
    ok(VirtualAlloc(page, si.dwPageSize, MEM_COMMIT, PAGE_READWRITE) == page, "commit failed\n");
    dos = (IMAGE_DOS_HEADER *)page;
    dos->e_magic = IMAGE_DOS_SIGNATURE;

    dos->e_lfanew = (LONG)si.dwPageSize;          /* NT headers in the reserved page */
    ok(ImageNtHeader(page) == NULL, "unreadable NT headers accepted\n");
    dos->e_lfanew = (LONG)si.dwPageSize - 8;      /* signature readable, file header not */
    *(DWORD *)(page + dos->e_lfanew) = IMAGE_NT_SIGNATURE;
    ok(ImageNtHeader(page) == NULL, "truncated file header accepted\n");
    dos->e_lfanew = 0x7ffffff0;
    ok(ImageNtHeader(page) == NULL, "huge e_lfanew accepted\n");
    ok(ImageDirectoryEntryToData(page, FALSE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size) == NULL,
       "huge e_lfanew gave data\n");
    ok(size == 0, "size %lu\n", size);

    dos->e_lfanew = 0x40;
    nt = (IMAGE_NT_HEADERS *)(page + 0x40);
    nt->Signature = IMAGE_NT_SIGNATURE;
    nt->FileHeader.NumberOfSections = 0xffff;     /* 2.6 MB of section headers */
    nt->FileHeader.SizeOfOptionalHeader = sizeof(nt->OptionalHeader);
    ok(ImageNtHeader(page) == nt, "headers refused\n");
    ok(ImageRvaToSection(nt, page, 0x1000) == NULL, "section table past the page used\n");
    ok(ImageRvaToVa(nt, page, 0x1000, NULL) == NULL, "section table past the page used\n");
    /* An unreadable hint is ignored, not read. */
    hint = (IMAGE_SECTION_HEADER *)(page + si.dwPageSize);
    ok(ImageRvaToVa(nt, page, 0x1000, &hint) == NULL, "unreadable hint used\n");
    ok(hint == (IMAGE_SECTION_HEADER *)(page + si.dwPageSize), "hint changed to %p\n", hint);
    nt->FileHeader.SizeOfOptionalHeader = 0xfff0;  /* table past the page */
    nt->FileHeader.NumberOfSections = 1;
    ok(ImageRvaToSection(nt, page, 0x1000) == NULL, "section table past the page used\n");
    /* A directory count that reaches past the page. */
    nt->FileHeader.SizeOfOptionalHeader = sizeof(nt->OptionalHeader);
    nt->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR_MAGIC;
    nt->OptionalHeader.NumberOfRvaAndSizes = 0xffffffff;
    size = 0xdeadbeef;
    ok(ImageDirectoryEntryToData(page, TRUE, 0xffff, &size) == NULL, "entry past the page used\n");
    ok(size == 0, "size %lu\n", size);
    VirtualFree(page, 0, MEM_RELEASE);
}

/* Hand-made headers with overlapping, empty and out-of-order sections. */
static void test_rva_to_va(void)
{
    static const struct { DWORD va, vsize, raw, ptr; } layout[] =
    {
        { 0x1000, 0x1000, 0x0800, 0x0400 }, /* 0: [0x1000, 0x1800) -> 0x400 */
        { 0x2000, 0x0000, 0x0000, 0x0c00 }, /* 1: empty */
        { 0x2000, 0x1000, 0x0000, 0x0c00 }, /* 2: virtual only (.bss) */
        { 0x3000, 0x0800, 0x1000, 0x0c00 }, /* 3: raw beyond virtual: [0x3000, 0x4000) */
        { 0x3800, 0x0800, 0x0800, 0x2000 }, /* 4: shadowed by 3 */
        { 0x6000, 0x0400, 0x0400, 0x1c00 }, /* 5: after 6 in the table */
        { 0x5000, 0x0400, 0x0400, 0x3000 }, /* 6 */
    };
    static const struct { DWORD rva, off; int sect; } cases[] =
    {
        { 0x0000, 0, -1 }, { 0x03ff, 0, -1 }, { 0x1000, 0x400, 0 }, { 0x17ff, 0xbff, 0 },
        { 0x1800, 0, -1 }, { 0x2000, 0, -1 }, { 0x2fff, 0, -1 }, { 0x3000, 0xc00, 3 },
        { 0x3900, 0x1500, 3 }, { 0x3fff, 0x1bff, 3 }, { 0x4000, 0, -1 }, { 0x5000, 0x3000, 6 },
        { 0x53ff, 0x33ff, 6 }, { 0x5400, 0, -1 }, { 0x6000, 0x1c00, 5 }, { 0xffffffff, 0, -1 },
    };
    static char image[0x400];
    char *base = (char *)0x10000000;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(image + 0x40);
    IMAGE_SECTION_HEADER *sect, *found, dummy;
    unsigned i;
    void *va;

    memset(image, 0xdd, sizeof(image));
    nt->FileHeader.NumberOfSections = ARRAY_SIZE(layout);
    nt->FileHeader.SizeOfOptionalHeader = FIELD_OFFSET(IMAGE_OPTIONAL_HEADER, DataDirectory);
    sect = (IMAGE_SECTION_HEADER *)((char *)&nt->OptionalHeader +
                                    nt->FileHeader.SizeOfOptionalHeader);
    for (i = 0; i < ARRAY_SIZE(layout); i++)
    {
        sect[i].VirtualAddress = layout[i].va;
        sect[i].Misc.VirtualSize = layout[i].vsize;
        sect[i].SizeOfRawData = layout[i].raw;
        sect[i].PointerToRawData = layout[i].ptr;
    }
    memset(&dummy, 0, sizeof(dummy));
    dummy.VirtualAddress = 0xf000;
    dummy.SizeOfRawData = 0x1000;
    dummy.PointerToRawData = 0x7000;

    for (i = 0; i < ARRAY_SIZE(cases); i++)
    {
        void *want = cases[i].sect < 0 ? NULL : base + cases[i].off;
        IMAGE_SECTION_HEADER *want_sect = cases[i].sect < 0 ? NULL : &sect[cases[i].sect];

        winetest_push_context("rva %#lx", cases[i].rva);
        ok(ImageRvaToSection(nt, base, cases[i].rva) == want_sect, "section %p, want %p\n",
           ImageRvaToSection(nt, base, cases[i].rva), want_sect);
        va = ImageRvaToVa(nt, base, cases[i].rva, NULL);
        ok(va == want, "no hint: %p, want %p\n", va, want);
        found = NULL;
        va = ImageRvaToVa(nt, base, cases[i].rva, &found);
        ok(va == want, "NULL hint: %p, want %p\n", va, want);
        ok(found == want_sect, "NULL hint: section %p, want %p\n", found, want_sect);
        /* A hint that does not hold the RVA is replaced, or kept on failure. */
        found = &dummy;
        va = ImageRvaToVa(nt, base, cases[i].rva, &found);
        ok(va == want, "other hint: %p, want %p\n", va, want);
        ok(found == (want_sect ? want_sect : &dummy), "other hint: section %p\n", found);
        winetest_pop_context();
    }
    /* A hint that holds the RVA is used, even when the table says otherwise. */
    found = &sect[4];
    va = ImageRvaToVa(nt, base, 0x3900, &found);
    ok(va == base + 0x2100, "hint section 4: %p, want %p\n", va, base + 0x2100);
    ok(found == &sect[4], "hint replaced by %p\n", found);
    found = &dummy;
    va = ImageRvaToVa(nt, base, 0xf010, &found);
    ok(va == base + 0x7010, "outside hint: %p, want %p\n", va, base + 0x7010);
    ok(found == &dummy, "hint replaced by %p\n", found);
    /* No sections at all. */
    nt->FileHeader.NumberOfSections = 0;
    ok(ImageRvaToSection(nt, base, 0x1000) == NULL, "section found in an empty table\n");
    ok(ImageRvaToVa(nt, base, 0x1000, NULL) == NULL, "VA found in an empty table\n");
}

/* The export directory of fixa.dll read as Windows reads it: loaded, at
 * base + RVA; mapped as a file, at its file offset with its section. */
static void test_directory_entry(void)
{
    HMODULE mod;
    const IMAGE_NT_HEADERS *nt;
    IMAGE_SECTION_HEADER *found;
    HANDLE file, map;
    char *view;
    ULONG size;
    void *data;
    DWORD rva, i;

    mod = LoadLibraryA(fixa_path);
    ok(mod != NULL, "LoadLibrary %s: %lu\n", fixa_path, GetLastError());
    if (!mod) return;
    nt = headers_of(mod);
    rva = dir_of(nt, IMAGE_DIRECTORY_ENTRY_EXPORT)->VirtualAddress;
    ok(rva != 0, "fixa.dll has no export directory\n");

    size = 0;
    found = (IMAGE_SECTION_HEADER *)1;
    data = ImageDirectoryEntryToDataEx(mod, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size, &found);
    ok(data == (char *)mod + rva, "loaded: %p, want %p\n", data, (char *)mod + rva);
    ok(size == dir_of(nt, IMAGE_DIRECTORY_ENTRY_EXPORT)->Size, "loaded: size %lu\n", size);
    ok(found == NULL, "loaded: section %p\n", found);
    data = ImageDirectoryEntryToData(mod, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    ok(data == (char *)mod + rva, "loaded, no Ex: %p\n", data);
    /* An entry the image does not have (mingw writes no security
     * directory), and one past NumberOfRvaAndSizes. */
    ok(!dir_of(nt, IMAGE_DIRECTORY_ENTRY_SECURITY)->VirtualAddress, "fixa.dll is signed?\n");
    size = 0xdeadbeef;
    data = ImageDirectoryEntryToData(mod, TRUE, IMAGE_DIRECTORY_ENTRY_SECURITY, &size);
    ok(data == NULL, "empty entry: %p\n", data);
    size = 0xdeadbeef;
    data = ImageDirectoryEntryToData(mod, TRUE, (USHORT)nt->OptionalHeader.NumberOfRvaAndSizes,
                                     &size);
    ok(data == NULL, "entry past the count: %p\n", data);
    ok(size == 0 || broken(size == 0xdeadbeef), "entry past the count: size %lu\n", size);
    size = 0xdeadbeef;
    ok(ImageDirectoryEntryToData(NULL, TRUE, 0, &size) == NULL, "NULL base accepted\n");
    ok(ImageDirectoryEntryToData((char *)mod + 0x10, TRUE, 0, &size) == NULL,
       "no image at the base accepted\n");
    ok(GetTimestampForLoadedLibrary(mod) == nt->FileHeader.TimeDateStamp, "timestamp %#lx\n",
       GetTimestampForLoadedLibrary(mod));
    ok(GetTimestampForLoadedLibrary(GetModuleHandleA(NULL)) ==
       headers_of(GetModuleHandleA(NULL))->FileHeader.TimeDateStamp, "own timestamp\n");
    ok(GetTimestampForLoadedLibrary(NULL) == 0, "NULL module: %#lx\n",
       GetTimestampForLoadedLibrary(NULL));
    FreeLibrary(mod);

    view = map_file(fixa_path, &file, &map);
    if (!view) { unmap_file(view, file, map); return; }
    nt = headers_of(view);
    ok(ImageNtHeader(view) == nt, "mapped: NT headers %p\n", ImageNtHeader(view));
    found = NULL;
    size = 0;
    data = ImageDirectoryEntryToDataEx(view, FALSE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size, &found);
    ok(found != NULL, "mapped: no section\n");
    if (found)
    {
        i = (DWORD)(found - IMAGE_FIRST_SECTION(nt));
        ok(i < nt->FileHeader.NumberOfSections, "section %p outside the table\n", found);
        ok(rva - found->VirtualAddress < found->SizeOfRawData, "section %.8s misses %#lx\n",
           found->Name, rva);
        ok(data == view + found->PointerToRawData + (rva - found->VirtualAddress),
           "mapped: %p\n", data);
        /* The data really is the export directory: its Name names the DLL. */
        if (data)
        {
            const IMAGE_EXPORT_DIRECTORY *exp = data;
            const char *name = ImageRvaToVa((IMAGE_NT_HEADERS *)nt, view, exp->Name, NULL);
            ok(name && !_stricmp(name, "fixa.dll"), "export name %s\n", name ? name : "(none)");
        }
    }
    ok(size == dir_of(nt, IMAGE_DIRECTORY_ENTRY_EXPORT)->Size, "mapped: size %lu\n", size);
    /* Mapped as an image on purpose: base + RVA, however wrong for a file. */
    data = ImageDirectoryEntryToData(view, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    ok(data == view + rva, "mapped, as image: %p\n", data);
    unmap_file(view, file, map);

    /* LoadLibraryEx's data-file mapping: the handle's low bit says "a file",
     * as in ntdll's RtlImageDirectoryEntryToData.  Wine's builtin refuses
     * the tagged base. */
    mod = LoadLibraryExA(fixa_path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    ok(mod != NULL, "LoadLibraryEx as data file: %lu\n", GetLastError());
    if (mod && ((ULONG_PTR)mod & 1))
    {
        char *file_base = (char *)((ULONG_PTR)mod & ~(ULONG_PTR)1);

        found = NULL;
        data = ImageDirectoryEntryToDataEx(mod, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size,
                                           &found);
        todo_wine ok(found != NULL && data == file_base + found->PointerToRawData +
                     (rva - found->VirtualAddress), "data file: %p section %p\n", data, found);
    }
    if (mod) FreeLibrary(mod);
}

/* imagehlp.dll exports the same functions (ours forwards them). */
static void test_imagehlp(void)
{
    static const char *const names[] =
    {
        "ImageNtHeader", "ImageDirectoryEntryToData", "ImageDirectoryEntryToDataEx",
        "ImageRvaToSection", "ImageRvaToVa", "GetTimestampForLoadedLibrary",
    };
    HMODULE imagehlp = wtest_imagehlp();
    nt_header_func nt_header;
    timestamp_func stamp;
    unsigned i;

    if (!imagehlp) return;
    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        void *ip = (void *)GetProcAddress(imagehlp, names[i]);
        void *dp = (void *)wtest_dbghelp_proc(names[i]);

        ok(ip != NULL, "%s not exported by imagehlp\n", names[i]);
        ok(dp != NULL, "%s not exported by dbghelp\n", names[i]);
        if (wtest_platform == WTEST_OURS) ok(ip == dp, "%s: not forwarded\n", names[i]);
    }
    nt_header = (nt_header_func)(void *)GetProcAddress(imagehlp, "ImageNtHeader");
    if (nt_header)
        ok(nt_header(GetModuleHandleA(NULL)) == headers_of(GetModuleHandleA(NULL)),
           "imagehlp!ImageNtHeader\n");
    stamp = (timestamp_func)(void *)GetProcAddress(imagehlp, "GetTimestampForLoadedLibrary");
    if (stamp)
        ok(stamp(GetModuleHandleA(NULL)) ==
           headers_of(GetModuleHandleA(NULL))->FileHeader.TimeDateStamp,
           "imagehlp!GetTimestampForLoadedLibrary\n");
}

START_TEST(image)
{
    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    test_nt_header();
    test_hostile_headers();
    test_rva_to_va();
    test_directory_entry();
    test_imagehlp();
}
