/*
 * rebase.c: ReBaseImage and ReBaseImage64: an image file moved to another
 * preferred base, its base relocations applied to the file; and
 * RemoveRelocations, which takes them out.
 *
 * The new base is NewImageBase rounded up to 64 KB, or with fGoingDown the
 * highest 64 KB boundary at which the whole image ends at or below
 * NewImageBase; *NewImageBase gets the base used.  The relocations of the
 * base relocation directory are applied (HIGHLOW and DIR64, and HIGH, LOW
 * and HIGHADJ), ImageBase is updated, TimeDateStamp replaced when a stamp
 * is given, and the checksum brought up to date.  With fReBase FALSE the
 * sizes and bases are reported and the file left alone.  An image without
 * relocations cannot move: FALSE with ERROR_BAD_EXE_FORMAT (unless the base
 * stays the same).  A relocation that would write outside the file fails
 * the call before anything is written.
 */
#include "imagehlp_private.h"

#define REBASE_ALIGN 0x10000ull

BOOL WINAPI ReBaseImage64(PCSTR, PCSTR, BOOL, BOOL, BOOL, ULONG, ULONG *, ULONG64 *, ULONG *,
                          ULONG64 *, ULONG);
BOOL WINAPI RemoveRelocations(PCHAR);

/* Apply delta to every relocation (apply FALSE: only check them). */
static BOOL relocate(LOADED_IMAGE *li, DWORD rva, DWORD size, ULONGLONG delta, BOOL apply)
{
    DWORD done = 0;

    while (done + 8 <= size)
    {
        const BYTE *blk = image_rva(li, rva + done, 8);
        DWORD page, len, i;

        if (!blk) return FALSE;
        memcpy(&page, blk, 4);
        memcpy(&len, blk + 4, 4);
        if (len < 8 || len > size - done || !(blk = image_rva(li, rva + done, len))) return FALSE;
        for (i = 8; i + 2 <= len; i += 2)
        {
            WORD e;
            DWORD type, at;
            BYTE *p;

            memcpy(&e, blk + i, 2);
            type = e >> 12;
            at = page + (e & 0xfff);
            switch (type)
            {
            case IMAGE_REL_BASED_ABSOLUTE:
                break;
            case IMAGE_REL_BASED_HIGHLOW:
            {
                DWORD v;

                if (!(p = image_rva(li, at, 4))) return FALSE;
                if (apply) { memcpy(&v, p, 4); v += (DWORD)delta; memcpy(p, &v, 4); }
                break;
            }
            case IMAGE_REL_BASED_DIR64:
            {
                ULONGLONG v;

                if (!(p = image_rva(li, at, 8))) return FALSE;
                if (apply) { memcpy(&v, p, 8); v += delta; memcpy(p, &v, 8); }
                break;
            }
            case IMAGE_REL_BASED_HIGH:
            case IMAGE_REL_BASED_LOW:
            {
                WORD v;

                if (!(p = image_rva(li, at, 2))) return FALSE;
                if (apply)
                {
                    memcpy(&v, p, 2);
                    v += type == IMAGE_REL_BASED_HIGH ? (WORD)(delta >> 16) : (WORD)delta;
                    memcpy(p, &v, 2);
                }
                break;
            }
            case IMAGE_REL_BASED_HIGHADJ:
            {
                WORD hi, lo;
                DWORD v;

                /* The next entry holds the low half. */
                if (i + 4 > len || !(p = image_rva(li, at, 2))) return FALSE;
                memcpy(&lo, blk + i + 2, 2);
                i += 2;
                if (apply)
                {
                    memcpy(&hi, p, 2);
                    v = ((DWORD)hi << 16) + (short)lo + (DWORD)delta + 0x8000;
                    hi = (WORD)(v >> 16);
                    memcpy(p, &hi, 2);
                }
                break;
            }
            default:
                return FALSE; /* a machine-specific kind this reader does not know */
            }
        }
        done += len;
    }
    return TRUE;
}

BOOL WINAPI ReBaseImage64(PCSTR path, PCSTR symbol_path, BOOL rebase, BOOL sysfile_ok,
                          BOOL going_down, ULONG check_size, ULONG *old_size, ULONG64 *old_base,
                          ULONG *new_size, ULONG64 *new_base, ULONG stamp)
{
    LOADED_IMAGE li;
    IMAGE_NT_HEADERS *nt;
    const IMAGE_DATA_DIRECTORY *rel;
    ULONGLONG base, target, span;
    DWORD size;
    BOOL pe64, ret = TRUE;

    (void)symbol_path; (void)sysfile_ok;
    if (!path || !old_size || !old_base || !new_size || !new_base)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!image_load(path, NULL, &li, FALSE, !rebase)) return FALSE;
    nt = (IMAGE_NT_HEADERS *)li.FileHeader;
    pe64 = nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    base = pe64 ? ((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.ImageBase
                : ((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.ImageBase;
    size = nt->OptionalHeader.SizeOfImage; /* same offset in both layouts */
    rel = pe64 ? &((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC]
               : &((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    if ((pe64 ? ((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.NumberOfRvaAndSizes
              : ((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.NumberOfRvaAndSizes) <= IMAGE_DIRECTORY_ENTRY_BASERELOC)
        rel = NULL;
    span = (size + REBASE_ALIGN - 1) & ~(REBASE_ALIGN - 1);
    if (going_down)
        target = *new_base >= span ? (*new_base - span) & ~(REBASE_ALIGN - 1) : 0;
    else
        target = (*new_base + REBASE_ALIGN - 1) & ~(REBASE_ALIGN - 1);
    *old_size = size;
    *old_base = base;
    *new_size = size;
    if ((check_size && size > check_size) || !target || (!pe64 && target + span > 0x100000000ull))
    {
        image_unload(&li);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (target != base && (!rel || !rel->VirtualAddress || !rel->Size ||
                           (nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED) ||
                           !relocate(&li, rel->VirtualAddress, rel->Size, target - base, FALSE)))
    {
        image_unload(&li);
        SetLastError(ERROR_BAD_EXE_FORMAT);
        return FALSE;
    }
    if (rebase)
    {
        if (target != base) ret = relocate(&li, rel->VirtualAddress, rel->Size, target - base, TRUE);
        if (pe64) ((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.ImageBase = target;
        else ((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.ImageBase = (DWORD)target;
        if (stamp) nt->FileHeader.TimeDateStamp = stamp;
    }
    *new_base = target;
    image_unload(&li); /* writable: the checksum is updated */
    return ret;
}

BOOL WINAPI ReBaseImage(PCSTR path, PCSTR symbol_path, BOOL rebase, BOOL sysfile_ok, BOOL going_down,
                        ULONG check_size, ULONG *old_size, ULONG_PTR *old_base, ULONG *new_size,
                        ULONG_PTR *new_base, ULONG stamp)
{
    ULONG64 ob = 0, nb;
    BOOL ret;

    if (!new_base || !old_base)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    nb = *new_base;
    ret = ReBaseImage64(path, symbol_path, rebase, sysfile_ok, going_down, check_size, old_size, &ob,
                        new_size, &nb, stamp);
    if (ret)
    {
        *old_base = (ULONG_PTR)ob;
        *new_base = (ULONG_PTR)nb;
    }
    return ret;
}

/* The base relocations taken out: the directory entry cleared and the
 * image marked IMAGE_FILE_RELOCS_STRIPPED, so it loads only at its
 * preferred base (Microsoft's documentation of RemoveRelocations); the
 * checksum is updated. */
BOOL WINAPI RemoveRelocations(PCHAR path)
{
    LOADED_IMAGE li;
    IMAGE_NT_HEADERS *nt;
    IMAGE_DATA_DIRECTORY *dir;
    DWORD count;

    if (!path)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!image_load(path, NULL, &li, FALSE, FALSE)) return FALSE;
    nt = (IMAGE_NT_HEADERS *)li.FileHeader;
    if (nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    {
        count = ((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.NumberOfRvaAndSizes;
        dir = &((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    }
    else
    {
        count = ((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.NumberOfRvaAndSizes;
        dir = &((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    }
    if (count > IMAGE_DIRECTORY_ENTRY_BASERELOC)
    {
        dir->VirtualAddress = 0;
        dir->Size = 0;
    }
    nt->FileHeader.Characteristics |= IMAGE_FILE_RELOCS_STRIPPED;
    return image_unload(&li);
}
