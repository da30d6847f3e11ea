/*
 * symsrv.c: what symbol servers index files by: SymSrvGetFileIndexInfo(W),
 * SymSrvGetFileIndexes(W) and SymSrvGetFileIndexString(W), for images, PDB
 * 7.0 files and .dbg files.
 *
 * The rules for images are Windows' (Wine's dbghelp tests, path.c
 * test_srvgetindexes_pe, pass on Windows and check them): an image with
 * no debug directory, or marked IMAGE_FILE_DEBUG_STRIPPED without a MISC
 * record naming its .dbg file, fails with ERROR_BAD_EXE_FORMAT; CodeView
 * records add up (the GUID from RSDS, the signature from NB10, the age
 * and the PDB name from the last); the .dbg name is reported only for a
 * stripped image.  A PDB gives its GUID and the age of its DBI stream; a
 * .dbg file its image's stamp and size.  The index string is the one
 * Microsoft's symstore files them under (file_key_string in symstore.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "dbghelp_private.h"
#include "msf.h"

enum index_kind { INDEX_IMAGE, INDEX_PDB, INDEX_DBG };

/* Not in mingw's header. */
BOOL WINAPI SymSrvGetFileIndexesW(PCWSTR, GUID *, DWORD *, DWORD *, DWORD);

static void copy_name(WCHAR *dst, const char *src)
{
    if (!MultiByteToWideChar(CP_ACP, 0, src, -1, dst, MAX_PATH + 1)) dst[0] = 0;
}

/* Fill *info (sizeofstruct set by the caller) from the file at path;
 * FALSE with the last error set.  strict: Windows' rules for images
 * (SymSrvGetFileIndexInfo); otherwise any image has a key (its stamp and
 * size), as a store files it. */
static BOOL file_index(const WCHAR *path, SYMSRV_INDEX_INFOW *info, enum index_kind *kind,
                       BOOL strict)
{
    struct image_map map;
    struct pe_image img;
    struct pe_debug_index di;
    struct arena arena;
    HANDLE file;
    DWORD err = ERROR_SUCCESS;
    uint32_t stamp, size;

    if ((file = open_image(path)) == INVALID_HANDLE_VALUE) return FALSE;
    if (!image_map_open(file, &map))
    {
        CloseHandle(file);
        SetLastError(ERROR_BAD_FORMAT);
        return FALSE;
    }
    memset((char *)info + sizeof(info->sizeofstruct), 0, sizeof(*info) - sizeof(info->sizeofstruct));
    lstrcpynW(info->file, file_part(path), ARRAY_SIZE(info->file));
    arena_init(&arena);
    if (pe_parse(&map.view, 0, &arena, &img) == PE_OK)
    {
        *kind = INDEX_IMAGE;
        info->stripped = (img.characteristics & IMAGE_FILE_DEBUG_STRIPPED) != 0;
        if ((pe_read_debug_index(&img, &map.view, &di) || (info->stripped && !di.has_misc)) &&
            strict)
            err = ERROR_BAD_EXE_FORMAT;
        else
        {
            info->timestamp = img.timestamp;
            info->size = img.size_of_image;
            memcpy(&info->guid, di.guid, sizeof(info->guid));
            info->sig = di.signature;
            info->age = di.age;
            if (di.has_codeview) copy_name(info->pdbfile, di.pdb);
            if (info->stripped) copy_name(info->dbgfile, di.dbg);
        }
    }
    else if (!pdb_read_index(&map.view, (uint8_t *)&info->guid, &stamp))
    {
        *kind = INDEX_PDB;
        info->age = stamp;
    }
    else if (!dbg_read_header(&map.view, &stamp, &size))
    {
        *kind = INDEX_DBG;
        info->timestamp = stamp;
        info->size = size;
    }
    else
        err = ERROR_BAD_FORMAT;
    arena_free_all(&arena);
    image_map_close(&map);
    CloseHandle(file);
    if (err) SetLastError(err);
    return !err;
}

BOOL WINAPI SymSrvGetFileIndexInfoW(PCWSTR path, PSYMSRV_INDEX_INFOW info, DWORD flags)
{
    enum index_kind kind;

    (void)flags;
    if (!path || !info || info->sizeofstruct < sizeof(*info))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return file_index(path, info, &kind, TRUE);
}

BOOL WINAPI SymSrvGetFileIndexInfo(PCSTR path, PSYMSRV_INDEX_INFO info, DWORD flags)
{
    SYMSRV_INDEX_INFOW w;
    WCHAR *wpath;
    BOOL ret;

    if (!path || !info || info->sizeofstruct < sizeof(*info))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(wpath = dbg_strdup_AtoW(path)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    w.sizeofstruct = sizeof(w);
    ret = SymSrvGetFileIndexInfoW(wpath, &w, flags);
    free(wpath);
    if (!ret) return FALSE;
    dbg_WtoA(w.file, info->file, sizeof(info->file));
    info->stripped = w.stripped;
    info->timestamp = w.timestamp;
    info->size = w.size;
    dbg_WtoA(w.dbgfile, info->dbgfile, sizeof(info->dbgfile));
    dbg_WtoA(w.pdbfile, info->pdbfile, sizeof(info->pdbfile));
    info->guid = w.guid;
    info->sig = w.sig;
    info->age = w.age;
    return TRUE;
}

/* The three values a store keys the file by: for a PDB its GUID and age;
 * for an image or a .dbg file its stamp (in the GUID's first field) and
 * size. */
static BOOL file_indexes(const WCHAR *path, GUID *id, DWORD *val1, DWORD *val2,
                         enum index_kind *kind)
{
    SYMSRV_INDEX_INFOW info;

    info.sizeofstruct = sizeof(info);
    if (!file_index(path, &info, kind, FALSE)) return FALSE;
    memset(id, 0, sizeof(*id));
    if (*kind == INDEX_PDB)
    {
        *id = info.guid;
        *val1 = info.age;
    }
    else
    {
        id->Data1 = info.timestamp;
        *val1 = info.size;
    }
    *val2 = 0;
    return TRUE;
}

BOOL WINAPI SymSrvGetFileIndexesW(PCWSTR path, GUID *id, DWORD *val1, DWORD *val2, DWORD flags)
{
    enum index_kind kind;
    GUID g;
    DWORD v1, v2;

    (void)flags;
    if (!path)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!file_indexes(path, &g, &v1, &v2, &kind)) return FALSE;
    if (id) *id = g;
    if (val1) *val1 = v1;
    if (val2) *val2 = v2;
    return TRUE;
}

BOOL WINAPI SymSrvGetFileIndexes(PCSTR path, GUID *id, DWORD *val1, DWORD *val2, DWORD flags)
{
    WCHAR *wpath;
    BOOL ret;

    if (!path)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(wpath = dbg_strdup_AtoW(path)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymSrvGetFileIndexesW(wpath, id, val1, val2, flags);
    free(wpath);
    return ret;
}

BOOL file_key_of(const WCHAR *path, struct file_key *key)
{
    enum index_kind kind;
    GUID g;
    DWORD v1, v2;

    memset(key, 0, sizeof(*key));
    if (!file_indexes(path, &g, &v1, &v2, &kind)) return FALSE;
    if (kind == INDEX_PDB)
    {
        key->kind = FILE_KEY_PDB;
        key->guid = g;
        key->age = v1;
    }
    else
    {
        key->kind = FILE_KEY_IMAGE;
        key->stamp = g.Data1;
        key->size = v1;
    }
    return TRUE;
}

/* The directory name of a file in a store (symstore's layout). */
static BOOL symsrv_index_string(const WCHAR *path, WCHAR *out, size_t size)
{
    struct file_key key;

    return file_key_of(path, &key) && file_key_string(&key, out, size);
}

BOOL WINAPI SymSrvGetFileIndexStringW(HANDLE handle, PCWSTR srv_path, PCWSTR path, PWSTR index,
                                      size_t size, DWORD flags)
{
    (void)srv_path; (void)flags;
    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!path || !index || !size)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return symsrv_index_string(path, index, size);
}

BOOL WINAPI SymSrvGetFileIndexString(HANDLE handle, PCSTR srv_path, PCSTR path, PSTR index,
                                     size_t size, DWORD flags)
{
    WCHAR *wpath = path ? dbg_strdup_AtoW(path) : NULL, buf[64];
    BOOL ret;

    if (path && !wpath)
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    (void)srv_path;
    /* The checks are the Unicode form's (a NULL index or size refused). */
    ret = SymSrvGetFileIndexStringW(handle, NULL, wpath, index && size ? buf : NULL,
                                    ARRAY_SIZE(buf), flags);
    free(wpath);
    if (!ret) return FALSE;
    if (wcslen(buf) >= size)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    dbg_WtoA(buf, index, (int)size);
    return TRUE;
}
