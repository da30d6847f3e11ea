/*
 * imagehlp_private.h: what imagehlp.dll's own functions share.  The symbol
 * handler and the image helpers are dbghelp's (imagehlp.def forwards
 * them); the functions here read and write image files through the same
 * bounds-checked PE reader (dlls/dbghelp/pe.c, linked into both DLLs).
 */
#ifndef IMAGEHLP_PRIVATE_H
#define IMAGEHLP_PRIVATE_H

#include <windows.h>
#include <imagehlp.h>
#include "../dbghelp/core.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* An image file mapped for reading (or writing), checked to be a PE file
 * whose headers and section table lie inside it. */
struct mapped_image
{
    HANDLE file, map;
    BYTE *base;
    DWORD size;
    IMAGE_NT_HEADERS *nt;     /* inside [base, base+size) */
    IMAGE_SECTION_HEADER *sections;
    DWORD nsections;
};

/* Open and map path; FALSE with the last error set (ERROR_BAD_FORMAT for a
 * file that is not a PE image). */
BOOL mapped_image_open(const WCHAR *path, BOOL writable, struct mapped_image *img);
void mapped_image_close(struct mapped_image *img);
/* Check the headers of a view of `size` bytes: the NT headers and section
 * table, or NULL. */
IMAGE_NT_HEADERS *image_headers(BYTE *base, DWORD size, IMAGE_SECTION_HEADER **sections,
                                DWORD *nsections);

/* MapAndLoad and UnMapAndLoad, for callers inside the DLL (the SDK
 * declares the exports dllimport). */
BOOL image_load(PCSTR name, PCSTR dll_path, PLOADED_IMAGE image, BOOL dot_dll, BOOL read_only);
BOOL image_unload(PLOADED_IMAGE image);
/* [rva, rva+len) of a mapped file through its section table (or inside
 * its headers), or NULL. */
BYTE *image_rva(const LOADED_IMAGE *image, DWORD rva, DWORD len);

#endif /* IMAGEHLP_PRIVATE_H */
