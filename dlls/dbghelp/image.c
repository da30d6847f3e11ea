/*
 * image.c: the image helpers, ImageNtHeader, ImageDirectoryEntryToData(Ex),
 * ImageRvaToSection, ImageRvaToVa and GetTimestampForLoadedLibrary, on
 * files mapped as data and on loaded images.
 *
 * They take bare pointers, so no size says how far the headers may be read.
 * Windows reads wherever e_lfanew and the counts point and faults on a
 * hostile header; here every header read is first checked against the
 * memory that is actually readable there (VirtualQuery), so a hostile or
 * truncated header gives NULL instead of an access violation.  What they
 * return for well-formed images is what ntdll's RtlImage* functions return
 * on Windows (the rules are in the comments beside each function).
 */
#include "dbghelp_private.h"

/* Windows' RtlImageNtHeaderEx refuses an e_lfanew of 256 MB or more. */
#define MAX_LFANEW (256u << 20)

/* Whether [p, p+len) is committed, readable memory. */
static BOOL readable(const void *p, SIZE_T len)
{
    const char *cur = p, *end = (const char *)p + len;
    MEMORY_BASIC_INFORMATION mbi;

    if (!p || end < cur) return FALSE;
    while (cur < end)
    {
        if (!VirtualQuery(cur, &mbi, sizeof(mbi))) return FALSE;
        if (mbi.State != MEM_COMMIT || (mbi.Protect & (PAGE_NOACCESS | PAGE_GUARD)) ||
            !(mbi.Protect & (PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ |
                             PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)))
            return FALSE;
        cur = (const char *)mbi.BaseAddress + mbi.RegionSize;
    }
    return TRUE;
}

/* The NT headers at base: the signature and file header readable, the
 * optional header's magic too (both layouts are accepted on both
 * bitnesses, as Windows does). */
static IMAGE_NT_HEADERS *nt_header(const void *base)
{
    const IMAGE_DOS_HEADER *dos = base;
    const IMAGE_NT_HEADERS *nt;
    DWORD lfanew;

    if (!readable(dos, sizeof(*dos)) || dos->e_magic != IMAGE_DOS_SIGNATURE) return NULL;
    lfanew = (DWORD)dos->e_lfanew;
    if (lfanew >= MAX_LFANEW) return NULL;
    nt = (const IMAGE_NT_HEADERS *)((const char *)base + lfanew);
    if (!readable(nt, FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader)) ||
        nt->Signature != IMAGE_NT_SIGNATURE)
        return NULL;
    return (IMAGE_NT_HEADERS *)nt;
}

PIMAGE_NT_HEADERS WINAPI ImageNtHeader(PVOID base)
{
    return nt_header(base);
}

/* The section table, bounded by readable memory. */
static IMAGE_SECTION_HEADER *section_table(const IMAGE_NT_HEADERS *nt, DWORD *count)
{
    const IMAGE_SECTION_HEADER *s;

    if (!readable(nt, FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader))) return NULL;
    s = (const IMAGE_SECTION_HEADER *)((const char *)&nt->OptionalHeader +
                                       nt->FileHeader.SizeOfOptionalHeader);
    *count = nt->FileHeader.NumberOfSections;
    if (!*count || !readable(s, *count * sizeof(*s))) return NULL;
    return (IMAGE_SECTION_HEADER *)s;
}

static BOOL section_holds(const IMAGE_SECTION_HEADER *s, ULONG rva)
{
    return rva >= s->VirtualAddress && rva - s->VirtualAddress < s->SizeOfRawData;
}

/* The first section whose raw data holds rva (VirtualAddress <= rva <
 * VirtualAddress + SizeOfRawData): on Windows a section with no raw data
 * holds nothing, and the headers belong to no section.  The NT headers are
 * taken as given (Windows checks no signature here); base is unused. */
PIMAGE_SECTION_HEADER WINAPI ImageRvaToSection(PIMAGE_NT_HEADERS nt, PVOID base, ULONG rva)
{
    IMAGE_SECTION_HEADER *s;
    DWORD i, count;

    (void)base;
    if (!(s = section_table(nt, &count))) return NULL;
    for (i = 0; i < count; i++)
        if (section_holds(&s[i], rva)) return &s[i];
    return NULL;
}

/* base + the file offset of rva.  *last, when set and holding rva, is used
 * without a search; it is updated to the section found and left alone
 * when none is. */
PVOID WINAPI ImageRvaToVa(PIMAGE_NT_HEADERS nt, PVOID base, ULONG rva,
                          PIMAGE_SECTION_HEADER *last)
{
    IMAGE_SECTION_HEADER *s = NULL;

    if (last && *last && readable(*last, sizeof(**last)) && section_holds(*last, rva)) s = *last;
    if (!s && !(s = ImageRvaToSection(nt, base, rva))) return NULL;
    if (last) *last = s;
    return (char *)base + s->PointerToRawData + (rva - s->VirtualAddress);
}

/* A data directory of either optional-header layout: its RVA and size and
 * the image's SizeOfHeaders; FALSE when the image has no such entry. */
static BOOL directory_entry(const IMAGE_NT_HEADERS *nt, USHORT dir, DWORD *rva, DWORD *size,
                            DWORD *headers)
{
    const IMAGE_OPTIONAL_HEADER32 *o32 = (const void *)&nt->OptionalHeader;
    const IMAGE_OPTIONAL_HEADER64 *o64 = (const void *)&nt->OptionalHeader;
    const IMAGE_DATA_DIRECTORY *entry;

    if (!readable(&o32->Magic, sizeof(o32->Magic))) return FALSE;
    if (o32->Magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)
    {
        if (!readable(o32, FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory)) ||
            dir >= o32->NumberOfRvaAndSizes)
            return FALSE;
        entry = &o32->DataDirectory[dir];
        *headers = o32->SizeOfHeaders;
    }
    else if (o32->Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    {
        if (!readable(o64, FIELD_OFFSET(IMAGE_OPTIONAL_HEADER64, DataDirectory)) ||
            dir >= o64->NumberOfRvaAndSizes)
            return FALSE;
        entry = &o64->DataDirectory[dir];
        *headers = o64->SizeOfHeaders;
    }
    else
        return FALSE;
    if (!readable(entry, sizeof(*entry)) || !entry->VirtualAddress) return FALSE;
    *rva = entry->VirtualAddress;
    *size = entry->Size;
    return TRUE;
}

/* A loaded image's data are at base + RVA; a file mapped as data has them
 * at their file offset, except those inside the headers.  The low bit of
 * base marks a module LoadLibraryEx mapped as a data file, which is read as
 * a file (as ntdll does). */
PVOID WINAPI ImageDirectoryEntryToDataEx(PVOID base, BOOLEAN image, USHORT dir, PULONG size,
                                         PIMAGE_SECTION_HEADER *found)
{
    const IMAGE_NT_HEADERS *nt;
    DWORD rva, len, headers;

    if (found) *found = NULL;
    if (!size)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    *size = 0;
    if ((ULONG_PTR)base & 1)
    {
        base = (void *)((ULONG_PTR)base & ~(ULONG_PTR)1);
        image = FALSE;
    }
    if (!(nt = nt_header(base)) || !directory_entry(nt, dir, &rva, &len, &headers)) return NULL;
    *size = len;
    if (image || rva < headers) return (char *)base + rva;
    return ImageRvaToVa((IMAGE_NT_HEADERS *)nt, base, rva, found);
}

PVOID WINAPI ImageDirectoryEntryToData(PVOID base, BOOLEAN image, USHORT dir, PULONG size)
{
    return ImageDirectoryEntryToDataEx(base, image, dir, size, NULL);
}

/* The TimeDateStamp of a loaded module's file header, or 0. */
DWORD WINAPI GetTimestampForLoadedLibrary(HMODULE module)
{
    const IMAGE_NT_HEADERS *nt = nt_header(module);

    return nt ? nt->FileHeader.TimeDateStamp : 0;
}
