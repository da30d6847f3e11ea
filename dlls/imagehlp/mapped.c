/*
 * mapped.c: image files mapped as data, checked before anything reads them:
 * the NT headers, the optional header up to its data directories and the
 * section table must lie inside the file.
 */
#include "imagehlp_private.h"

IMAGE_NT_HEADERS *image_headers(BYTE *base, DWORD size, IMAGE_SECTION_HEADER **sections,
                                DWORD *nsections)
{
    struct byte_view view = { base, size };
    IMAGE_NT_HEADERS *nt;
    uint32_t lfanew, sig;
    uint16_t magic;
    WORD count, opt_size;
    uint64_t opt, sect;

    if (!base || size < sizeof(IMAGE_DOS_HEADER) ||
        ((IMAGE_DOS_HEADER *)base)->e_magic != IMAGE_DOS_SIGNATURE)
        return NULL;
    lfanew = (uint32_t)((IMAGE_DOS_HEADER *)base)->e_lfanew;
    if (view_u32(&view, lfanew, &sig) || sig != IMAGE_NT_SIGNATURE) return NULL;
    opt = (uint64_t)lfanew + 4 + sizeof(IMAGE_FILE_HEADER);
    if (view_u16(&view, opt, &magic) || !view_ptr(&view, lfanew, 4 + sizeof(IMAGE_FILE_HEADER)))
        return NULL;
    nt = (IMAGE_NT_HEADERS *)(base + lfanew);
    count = nt->FileHeader.NumberOfSections;
    opt_size = nt->FileHeader.SizeOfOptionalHeader;
    if (magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)
    {
        if (opt_size < FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory) ||
            !view_ptr(&view, opt, FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory)))
            return NULL;
    }
    else if (magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    {
        if (opt_size < FIELD_OFFSET(IMAGE_OPTIONAL_HEADER64, DataDirectory) ||
            !view_ptr(&view, opt, FIELD_OFFSET(IMAGE_OPTIONAL_HEADER64, DataDirectory)))
            return NULL;
    }
    else
        return NULL;
    sect = opt + opt_size;
    if (!view_ptr(&view, sect, (uint64_t)count * sizeof(IMAGE_SECTION_HEADER)) ||
        !view_ptr(&view, opt, opt_size))
        return NULL;
    if (sections) *sections = (IMAGE_SECTION_HEADER *)(base + sect);
    if (nsections) *nsections = count;
    return nt;
}

BOOL mapped_image_open(const WCHAR *path, BOOL writable, struct mapped_image *img)
{
    LARGE_INTEGER size;
    DWORD err;

    memset(img, 0, sizeof(*img));
    img->file = CreateFileW(path, GENERIC_READ | (writable ? GENERIC_WRITE : 0),
                            FILE_SHARE_READ | (writable ? 0 : FILE_SHARE_WRITE), NULL,
                            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (img->file == INVALID_HANDLE_VALUE) return FALSE;
    if (!GetFileSizeEx(img->file, &size)) goto fail;
    if (size.QuadPart > 0xffffffffu || size.QuadPart < (LONGLONG)sizeof(IMAGE_DOS_HEADER))
    {
        SetLastError(ERROR_BAD_FORMAT);
        goto fail;
    }
    img->size = (DWORD)size.QuadPart;
    img->map = CreateFileMappingW(img->file, NULL, writable ? PAGE_READWRITE : PAGE_READONLY, 0, 0,
                                  NULL);
    if (!img->map) goto fail;
    img->base = MapViewOfFile(img->map, writable ? FILE_MAP_WRITE : FILE_MAP_READ, 0, 0, 0);
    if (!img->base) goto fail;
    if (!(img->nt = image_headers(img->base, img->size, &img->sections, &img->nsections)))
    {
        SetLastError(ERROR_BAD_FORMAT);
        goto fail;
    }
    return TRUE;

fail:
    err = GetLastError();
    mapped_image_close(img);
    SetLastError(err);
    return FALSE;
}

void mapped_image_close(struct mapped_image *img)
{
    if (img->base) UnmapViewOfFile(img->base);
    if (img->map) CloseHandle(img->map);
    if (img->file && img->file != INVALID_HANDLE_VALUE) CloseHandle(img->file);
    memset(img, 0, sizeof(*img));
    img->file = INVALID_HANDLE_VALUE;
}

BYTE *image_rva(const LOADED_IMAGE *image, DWORD rva, DWORD len)
{
    const IMAGE_SECTION_HEADER *s = image->Sections;
    DWORD i, size = image->SizeOfImage, headers;

    for (i = 0; i < image->NumberOfSections; i++)
    {
        DWORD delta = rva - s[i].VirtualAddress;

        if (rva < s[i].VirtualAddress || delta >= s[i].SizeOfRawData) continue;
        if (len > s[i].SizeOfRawData - delta || s[i].PointerToRawData > size ||
            delta > size - s[i].PointerToRawData || len > size - s[i].PointerToRawData - delta)
            return NULL;
        return image->MappedAddress + s[i].PointerToRawData + delta;
    }
    /* The headers are mapped at RVA 0 as they are in the file. */
    headers = ((const IMAGE_NT_HEADERS *)image->FileHeader)->OptionalHeader.SizeOfHeaders;
    if (rva < headers && len <= headers - rva && rva + len <= size) return image->MappedAddress + rva;
    return NULL;
}
