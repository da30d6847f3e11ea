/*
 * search.c: finding files: images by name along the symbol search path,
 * and the separate debug file an image's debug reference names (today a
 * .gnu_debuglink name and CRC; later a PDB's GUID and age), beside the
 * image, in its .debug folder, then along the search path (as GDB and
 * DrMingw look for debuglink files).  Files are mapped read-only for one
 * reading and closed after it.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

BOOL image_map_open(HANDLE file, struct image_map *map)
{
    LARGE_INTEGER size;

    memset(map, 0, sizeof(*map));
    if (!GetFileSizeEx(file, &size) || !size.QuadPart) return FALSE;
    if ((ULONGLONG)size.QuadPart > (SIZE_T)-1) return FALSE;
    if (!(map->mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL))) return FALSE;
    if (!(map->data = MapViewOfFile(map->mapping, FILE_MAP_READ, 0, 0, 0)))
    {
        CloseHandle(map->mapping);
        map->mapping = NULL;
        return FALSE;
    }
    map->view.data = map->data;
    map->view.size = (size_t)size.QuadPart;
    return TRUE;
}

void image_map_close(struct image_map *map)
{
    if (map->data) UnmapViewOfFile(map->data);
    if (map->mapping) CloseHandle(map->mapping);
    memset(map, 0, sizeof(*map));
}

HANDLE open_image(const WCHAR *path)
{
    return CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
}

const WCHAR *file_part(const WCHAR *path)
{
    const WCHAR *p, *start = path;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':') start = p + 1;
    return start;
}

WCHAR *process_search_path(struct process *pcs)
{
    WCHAR *path;

    AcquireSRWLockShared(&dbghelp_lock);
    path = _wcsdup(pcs->search_path ? pcs->search_path : L"");
    ReleaseSRWLockShared(&dbghelp_lock);
    return path;
}

WCHAR *handle_search_path(HANDLE handle)
{
    struct process *pcs = process_enter(handle);
    WCHAR *path;

    if (!pcs) return NULL;
    if (!(path = process_search_path(pcs))) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    process_release(pcs);
    return path;
}

/* path_walk along the process's symbol search path. */
BOOL search_path_try(struct process *pcs, const WCHAR *name,
                     BOOL (*fn)(const WCHAR *candidate, void *ctx), void *ctx)
{
    WCHAR *path = process_search_path(pcs);
    BOOL done;

    done = path && path_walk(path, name, NULL, PATH_EXT_DIRS, fn, ctx);
    free(path);
    return done;
}

struct image_search
{
    HANDLE file;
    WCHAR *found;
    DWORD found_len;
};

static BOOL try_image(const WCHAR *candidate, void *ctx)
{
    struct image_search *search = ctx;

    if ((search->file = open_image(candidate)) == INVALID_HANDLE_VALUE) return FALSE;
    if (!GetFullPathNameW(candidate, search->found_len, search->found, NULL))
        lstrcpynW(search->found, candidate, search->found_len);
    return TRUE;
}

/* Open an image by name: as given, then by its file name along the search
 * path.  On success `found` holds the full path of the opened file. */
/* What a symbol store files the image mapped at base in the target under:
 * its TimeDateStamp and SizeOfImage, from its headers there (through the
 * caller's CBA_READ_MEMORY callback, else ReadProcessMemory). */
static BOOL target_image_key(struct process *pcs, DWORD64 base, struct file_key *key)
{
    unsigned char hdr[0x1000];
    struct target_memory m;
    struct byte_view view = { hdr, sizeof(hdr) };
    struct arena arena;
    struct pe_image img;
    BOOL ok;

    memset(&m, 0, sizeof(m));
    m.process = pcs->handle;
    m.pcs = pcs;
    if (!target_read(&m, base, hdr, sizeof(hdr))) return FALSE;
    arena_init(&arena);
    ok = pe_parse(&view, 1, &arena, &img) == PE_OK && img.size_of_image;
    arena_free_all(&arena);
    if (!ok) return FALSE;
    memset(key, 0, sizeof(*key));
    key->kind = FILE_KEY_IMAGE;
    key->stamp = img.timestamp;
    key->size = img.size_of_image;
    return TRUE;
}

/* Is the image in this file the one the key describes? */
static BOOL file_has_key(HANDLE file, const struct file_key *key)
{
    struct image_map map;
    struct pe_image img;
    struct arena arena;
    BOOL ok = FALSE;

    if (!image_map_open(file, &map)) return FALSE;
    arena_init(&arena);
    if (pe_parse(&map.view, 0, &arena, &img) == PE_OK)
        ok = img.timestamp == key->stamp && img.size_of_image == key->size;
    arena_free_all(&arena);
    image_map_close(&map);
    return ok;
}

/* A path in the system directory, in the WOW64 one instead: a 32-bit
 * process's system DLLs are reported by their system32 path, which a
 * 64-bit debugger opens without redirection. */
static BOOL wow64_system_path(const WCHAR *image, WCHAR *alt, DWORD len)
{
#ifdef _WIN64
    WCHAR sys[MAX_PATH];
    UINT n = GetSystemDirectoryW(sys, ARRAY_SIZE(sys)), m;

    if (!n || n >= ARRAY_SIZE(sys) || _wcsnicmp(image, sys, n) || image[n] != '\\') return FALSE;
    if (!(m = GetSystemWow64DirectoryW(alt, len)) || m + wcslen(image + n) >= len) return FALSE;
    wcscpy(alt + m, image + n);
    return TRUE;
#else
    (void)image; (void)alt; (void)len;
    return FALSE;
#endif
}

HANDLE find_image(struct process *pcs, const WCHAR *image, DWORD64 base, WCHAR *found, DWORD found_len)
{
    struct image_search search = { INVALID_HANDLE_VALUE, found, found_len };
    const WCHAR *name = file_part(image);
    struct file_key key;
    WCHAR *path, alt[MAX_PATH];

    if (try_image(image, &search))
    {
        /* A system DLL that is not what the target maps there: the WOW64
         * twin may be.  (The target is read only then: a caller's
         * CBA_READ_MEMORY sees nothing for other images.) */
        if (base && wow64_system_path(image, alt, ARRAY_SIZE(alt)) && target_image_key(pcs, base, &key) &&
            !file_has_key(search.file, &key))
        {
            WCHAR found2[MAX_PATH];
            struct image_search twin = { INVALID_HANDLE_VALUE, found2, ARRAY_SIZE(found2) };

            if (try_image(alt, &twin))
            {
                if (file_has_key(twin.file, &key))
                {
                    CloseHandle(search.file);
                    lstrcpynW(found, found2, found_len);
                    return twin.file;
                }
                CloseHandle(twin.file);
            }
        }
        return search.file;
    }
    if (!*name) return INVALID_HANDLE_VALUE;
    if (search_path_try(pcs, name, try_image, &search)) return search.file;
    /* The symbol stores of the path, by the key of the image the target
     * has mapped at base. */
    if (base && target_image_key(pcs, base, &key) && (path = process_search_path(pcs)))
    {
        path_walk(path, name, &key, PATH_EXT_DIRS, try_image, &search);
        free(path);
    }
    return search.file;
}

/* ---- debug files -------------------------------------------------------- */

struct debug_search
{
    struct process *pcs;      /* for traces, or NULL */
    const struct debug_reader *reader;
    const struct debug_ref *ref;
    const struct pe_image *img;
    struct arena *arena;
    struct pe_image *file_img;
    struct image_map *map;
    WCHAR *found;
    int accepted;             /* what accept returned */
};

static BOOL try_debug_file(const WCHAR *candidate, void *ctx)
{
    struct debug_search *search = ctx;
    HANDLE file = open_image(candidate);
    BOOL ok = FALSE;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    if (image_map_open(file, search->map))
    {
        search->accepted = search->reader->accept(search->ref, search->img, &search->map->view,
                                                  search->arena, search->file_img);
        ok = search->accepted > 0;
        if (!ok) image_map_close(search->map);
        /* The file named, in a form the reader does not read. */
        if (search->accepted < 0 && search->pcs)
            process_debug_info(search->pcs, L"%s: a %S file this DLL does not read (%s), passed over\n",
                               candidate, search->reader->name,
                               search->ref->kind == DEBUG_REF_PDB ? L"/DEBUG:FASTLINK: its symbols are in the object files"
                                                                  : L"unsupported");
    }
    CloseHandle(file);
    if (ok && !GetFullPathNameW(candidate, MAX_PATH, search->found, NULL))
        lstrcpynW(search->found, candidate, MAX_PATH);
    return ok;
}

/* A PDB: the recorded path, beside the image, along the search path and
 * in its stores (by GUID and age). */
static BOOL find_pdb(struct process *pcs, const WCHAR *image_path, const WCHAR *nameW,
                     struct debug_search *search)
{
    const WCHAR *file = file_part(nameW);
    size_t dirlen = file_part(image_path) - image_path;
    struct file_key key;
    WCHAR *candidate, *path;
    BOOL found = FALSE;

    if (!*file) return FALSE;
    if (try_debug_file(nameW, search)) return TRUE;
    if ((candidate = malloc((dirlen + wcslen(file) + 1) * sizeof(WCHAR))))
    {
        memcpy(candidate, image_path, dirlen * sizeof(WCHAR));
        wcscpy(candidate + dirlen, file);
        found = try_debug_file(candidate, search);
        free(candidate);
    }
    if (found || !pcs) return found;
    /* Stores file RSDS PDBs under GUID and age. */
    memset(&key, 0, sizeof(key));
    key.kind = FILE_KEY_PDB;
    memcpy(&key.guid, search->ref->guid, sizeof(key.guid));
    key.age = search->ref->age;
    if ((path = process_search_path(pcs)))
    {
        const WCHAR *dot = wcsrchr(file_part(image_path), '.');

        /* DIR\dll\x.pdb and DIR\symbols\dll\x.pdb: the image's extension. */
        found = path_walk_ext(path, file, dot ? dot + 1 : NULL,
                              search->ref->cv_format == PE_CV_RSDS ? &key : NULL, PATH_EXT_DIRS,
                              try_debug_file, search);
        free(path);
    }
    return found;
}

BOOL find_debug_file(struct process *pcs, const WCHAR *image_path, const struct debug_reader *reader,
                     const struct debug_ref *ref, const struct pe_image *img, struct arena *arena,
                     struct pe_image *file_img, struct image_map *map, WCHAR *found_path)
{
    struct debug_search search = { pcs, reader, ref, img, arena, file_img, map, found_path, 0 };
    WCHAR *nameW, *candidate;
    size_t dirlen = file_part(image_path) - image_path;
    BOOL found = FALSE;

    if (ref->kind == DEBUG_REF_NONE || !reader->accept || !(nameW = dbg_strdup_AtoW(ref->name)))
        return FALSE;
    if (ref->kind == DEBUG_REF_PDB)
    {
        found = find_pdb(pcs, image_path, nameW, &search);
        free(nameW);
        return found ? search.accepted : FALSE;
    }
    if ((candidate = malloc((wcslen(image_path) + wcslen(nameW) + 16) * sizeof(WCHAR))))
    {
        memcpy(candidate, image_path, dirlen * sizeof(WCHAR));
        wcscpy(candidate + dirlen, nameW);
        /* A debug file named like the image itself would be the image. */
        found = _wcsicmp(candidate, image_path) && try_debug_file(candidate, &search);
        if (!found)
        {
            wcscpy(candidate + dirlen, L".debug\\");
            wcscat(candidate, nameW);
            found = try_debug_file(candidate, &search);
        }
        free(candidate);
    }
    if (!found && pcs) found = search_path_try(pcs, nameW, try_debug_file, &search);
    free(nameW);
    return found;
}
