/*
 * loadimage.c: images mapped for inspection or editing: MapAndLoad /
 * UnMapAndLoad, ImageLoad / ImageUnload, GetImageUnusedHeaderBytes,
 * Get/SetImageConfigInformation, and TouchFileTimes.
 *
 * What a LOADED_IMAGE holds follows Windows (Wine's imagehlp tests, which
 * pass on Windows, check ImageLoad's record: ModuleName as given,
 * MappedAddress at the file's first byte, FileHeader at the NT headers,
 * the section table, FileHeader.Characteristics, fReadOnly 1, Version 1,
 * SizeOfImage the file's size, and GetImageUnusedHeaderBytes' offset and
 * size).  The headers are checked against the file before anything reads
 * them (mapped.c).
 */
#include "imagehlp_private.h"

/* The images ImageLoad handed out: ImageUnload frees only these. */
static SRWLOCK images_lock = SRWLOCK_INIT;
static LIST_ENTRY images = { &images, &images };

static void list_init(LIST_ENTRY *head) { head->Flink = head->Blink = head; }
static void list_add_tail(LIST_ENTRY *head, LIST_ENTRY *entry)
{
    entry->Flink = head;
    entry->Blink = head->Blink;
    head->Blink->Flink = entry;
    head->Blink = entry;
}
static void list_remove(LIST_ENTRY *entry)
{
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    list_init(entry);
}

/* The file MapAndLoad opens: the name as given when it exists, else found
 * along dll_path (or the standard search order) with the default
 * extension. */
static BOOL find_image(PCSTR name, PCSTR dll_path, BOOL dot_dll, char *out, DWORD out_size)
{
    DWORD attrs = GetFileAttributesA(name), len;

    if (attrs != INVALID_FILE_ATTRIBUTES && !(attrs & FILE_ATTRIBUTE_DIRECTORY))
        len = GetFullPathNameA(name, out_size, out, NULL);
    else
        len = SearchPathA(dll_path, name, dot_dll ? ".dll" : ".exe", out_size, out, NULL);
    if (!len || len >= out_size)
    {
        SetLastError(len ? ERROR_FILENAME_EXCED_RANGE : ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

static WORD image_subsystem(const IMAGE_NT_HEADERS *nt)
{
    return nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC
        ? ((const IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.Subsystem
        : ((const IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.Subsystem;
}

BOOL WINAPI MapAndLoad(PCSTR name, PCSTR dll_path, PLOADED_IMAGE image, BOOL dot_dll,
                       BOOL read_only)
{
    return image_load(name, dll_path, image, dot_dll, read_only);
}

BOOL image_load(PCSTR name, PCSTR dll_path, PLOADED_IMAGE image, BOOL dot_dll, BOOL read_only)
{
    char path[MAX_PATH];
    WCHAR wpath[MAX_PATH];
    struct mapped_image img;
    char *copy;

    if (!name || !image)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!find_image(name, dll_path, dot_dll, path, sizeof(path))) return FALSE;
    if (!MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, ARRAY_SIZE(wpath))) return FALSE;
    if (!mapped_image_open(wpath, !read_only, &img)) return FALSE;
    if (!(copy = HeapAlloc(GetProcessHeap(), 0, strlen(path) + 1)))
    {
        mapped_image_close(&img);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    strcpy(copy, path);
    /* The view keeps the mapping alive; the file handle stays open until
     * UnMapAndLoad. */
    CloseHandle(img.map);
    memset(image, 0, sizeof(*image));
    image->ModuleName = copy;
    image->hFile = img.file;
    image->MappedAddress = img.base;
    image->FileHeader = (void *)img.nt;
    image->Sections = img.sections;
    image->LastRvaSection = img.sections;
    image->NumberOfSections = img.nsections;
    image->Characteristics = img.nt->FileHeader.Characteristics;
    image->fSystemImage = image_subsystem(img.nt) == IMAGE_SUBSYSTEM_NATIVE;
    image->fDOSImage = FALSE;
    image->fReadOnly = read_only != FALSE;
    image->Version = 1;
    image->SizeOfImage = img.size;
    list_init(&image->Links);
    return TRUE;
}

/* A writable image gets its checksum brought up to date before it is
 * unmapped, as Windows' UnMapAndLoad does (BindImage and ReBaseImage edit
 * images through it). */
BOOL WINAPI UnMapAndLoad(PLOADED_IMAGE image)
{
    return image_unload(image);
}

BOOL image_unload(PLOADED_IMAGE image)
{
    DWORD checksum;
    size_t at;

    if (!image || !image->MappedAddress)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!image->fReadOnly &&
        (at = pe_checksum_offset(image->MappedAddress, image->SizeOfImage)) != (size_t)-1)
    {
        checksum = pe_checksum(image->MappedAddress, image->SizeOfImage, at);
        memcpy(image->MappedAddress + at, &checksum, sizeof(checksum));
        FlushViewOfFile(image->MappedAddress, 0);
    }
    UnmapViewOfFile(image->MappedAddress);
    if (image->hFile && image->hFile != INVALID_HANDLE_VALUE) CloseHandle(image->hFile);
    HeapFree(GetProcessHeap(), 0, image->ModuleName);
    image->ModuleName = NULL;
    image->MappedAddress = NULL;
    image->FileHeader = NULL;
    image->hFile = INVALID_HANDLE_VALUE;
    return TRUE;
}

/* One record per file: loading a file already loaded returns its record. */
PLOADED_IMAGE WINAPI ImageLoad(PCSTR name, PCSTR dll_path)
{
    LOADED_IMAGE *image, *cur;
    LIST_ENTRY *entry;
    char path[MAX_PATH];

    if (!name)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!find_image(name, dll_path, TRUE, path, sizeof(path))) return NULL;
    AcquireSRWLockExclusive(&images_lock);
    for (entry = images.Flink; entry != &images; entry = entry->Flink)
    {
        cur = CONTAINING_RECORD(entry, LOADED_IMAGE, Links);
        if (!lstrcmpiA(cur->ModuleName, path))
        {
            ReleaseSRWLockExclusive(&images_lock);
            return cur;
        }
    }
    if (!(image = HeapAlloc(GetProcessHeap(), 0, sizeof(*image))))
    {
        ReleaseSRWLockExclusive(&images_lock);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!image_load(path, NULL, image, TRUE, TRUE))
    {
        DWORD err = GetLastError();

        ReleaseSRWLockExclusive(&images_lock);
        HeapFree(GetProcessHeap(), 0, image);
        SetLastError(err);
        return NULL;
    }
    list_add_tail(&images, &image->Links);
    ReleaseSRWLockExclusive(&images_lock);
    return image;
}

BOOL WINAPI ImageUnload(PLOADED_IMAGE image)
{
    LIST_ENTRY *entry;

    AcquireSRWLockExclusive(&images_lock);
    for (entry = images.Flink; entry != &images; entry = entry->Flink)
        if (image && entry == &image->Links) break;
    if (!image || entry == &images)
    {
        ReleaseSRWLockExclusive(&images_lock);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    list_remove(&image->Links);
    ReleaseSRWLockExclusive(&images_lock);
    image_unload(image);
    HeapFree(GetProcessHeap(), 0, image);
    return TRUE;
}

/* The headers' slack: from the end of the section table to SizeOfHeaders. */
DWORD WINAPI GetImageUnusedHeaderBytes(PLOADED_IMAGE image, PDWORD size)
{
    const IMAGE_NT_HEADERS *nt;
    DWORD end, headers;

    if (!image || !image->MappedAddress || !size ||
        !(nt = image_headers(image->MappedAddress, image->SizeOfImage, NULL, NULL)))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    end = (DWORD)((BYTE *)(IMAGE_FIRST_SECTION(nt) + nt->FileHeader.NumberOfSections) -
                  image->MappedAddress);
    headers = nt->OptionalHeader.SizeOfHeaders; /* same offset in both layouts */
    *size = headers > end ? headers - end : 0;
    return end;
}

/* The load configuration directory in the file: a pointer to its bytes
 * and how many lie inside the file, or NULL. */
static BYTE *load_config(PLOADED_IMAGE image, DWORD *avail)
{
    const IMAGE_NT_HEADERS *nt;
    IMAGE_SECTION_HEADER *sect;
    const IMAGE_DATA_DIRECTORY *dir;
    DWORD nsect, i, rva, count;

    if (!image || !image->MappedAddress ||
        !(nt = image_headers(image->MappedAddress, image->SizeOfImage, &sect, &nsect)))
        return NULL;
    /* The structure's layout is the DLL's: an image of the other bitness
     * has the other one. */
    if (nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR_MAGIC) return NULL;
    count = nt->OptionalHeader.NumberOfRvaAndSizes;
    if (count <= IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG ||
        (BYTE *)&nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG + 1] >
            image->MappedAddress + image->SizeOfImage)
        return NULL;
    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG];
    if (!(rva = dir->VirtualAddress) || !dir->Size) return NULL;
    for (i = 0; i < nsect; i++)
    {
        DWORD delta = rva - sect[i].VirtualAddress, raw = sect[i].SizeOfRawData;

        if (rva < sect[i].VirtualAddress || delta >= raw) continue;
        if (sect[i].PointerToRawData >= image->SizeOfImage) return NULL;
        if (raw > image->SizeOfImage - sect[i].PointerToRawData)
            raw = image->SizeOfImage - sect[i].PointerToRawData;
        if (delta >= raw) return NULL;
        *avail = raw - delta;
        if (*avail > dir->Size) *avail = dir->Size;
        return image->MappedAddress + sect[i].PointerToRawData + delta;
    }
    return NULL;
}

BOOL WINAPI GetImageConfigInformation(PLOADED_IMAGE image, PIMAGE_LOAD_CONFIG_DIRECTORY config)
{
    DWORD avail, len;
    BYTE *data;

    if (!config || !(data = load_config(image, &avail)))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    len = avail < sizeof(*config) ? avail : sizeof(*config);
    memset(config, 0, sizeof(*config));
    memcpy(config, data, len);
    return TRUE;
}

BOOL WINAPI SetImageConfigInformation(PLOADED_IMAGE image, PIMAGE_LOAD_CONFIG_DIRECTORY config)
{
    DWORD avail, len;
    BYTE *data;

    if (!config || !(data = load_config(image, &avail)))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (image->fReadOnly)
    {
        SetLastError(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    len = avail < sizeof(*config) ? avail : sizeof(*config);
    memcpy(data, config, len);
    return TRUE;
}

/* The file's last-write (and last-access) time: the given UTC time, or
 * now. */
BOOL WINAPI TouchFileTimes(HANDLE file, PSYSTEMTIME when)
{
    SYSTEMTIME now;
    FILETIME ft;

    if (!when)
    {
        GetSystemTime(&now);
        when = &now;
    }
    if (!SystemTimeToFileTime(when, &ft)) return FALSE;
    return SetFileTime(file, NULL, &ft, &ft);
}
