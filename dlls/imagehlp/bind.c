/*
 * bind.c: BindImage and BindImageEx: the import address table of an image
 * filled, in the file, with the addresses its DLLs' exports have at their
 * preferred bases, so that a loader finding those DLLs unchanged there can
 * skip the lookups.
 *
 * For each import descriptor the DLL is found (DllPath, then the standard
 * search order), its export table read from the file, and every import
 * resolved by name or ordinal; a forwarded export is followed into the DLL
 * it names.  A descriptor is bound only when all of its imports resolve:
 * its IAT gets the addresses, its TimeDateStamp -1 (new-style binding) and
 * the image a bound import directory, in the headers' slack, naming each
 * DLL (and forwarded-to DLL) with its TimeDateStamp.  With
 * BIND_NO_BOUND_IMPORTS, or when the slack is too small, the old style:
 * the descriptor's TimeDateStamp is the DLL's.  A descriptor not fully
 * resolved keeps TimeDateStamp 0, which tells every loader to ignore the
 * IAT's contents, so a partial bind is never wrong.  BIND_NO_UPDATE leaves
 * the file alone (the status routine still hears everything);
 * BIND_ALL_IMAGES binds the DLLs found too, each once.  The status routine
 * is told BindImportModule for each DLL name, BindImportProcedure (with
 * the DLL's full path and the import's name) for each import,
 * BindForwarder / BindForwarderNOT for forwarded ones, and
 * BindImportModuleFailed / BindImportProcedureFailed when something is
 * missing (Wine's imagehlp tests, which pass on Windows, check the first
 * two).
 */
#include <stdio.h>
#include <stdlib.h>
#include "imagehlp_private.h"

#define MAX_FORWARD_DEPTH 8
#define MAX_BOUND_DLLS 128

struct bound_dll
{
    char name[MAX_PATH];       /* as the import descriptor names it */
    DWORD stamp;
    unsigned nforwards;
    char forwards[8][64];      /* DLLs forwarded to */
    DWORD forward_stamps[8];
};

struct bind
{
    DWORD flags;
    PCSTR dll_path;
    PIMAGEHLP_STATUS_ROUTINE status;
    const char *image_name;
    struct bound_dll dlls[MAX_BOUND_DLLS];
    unsigned ndlls;
    char visited[32][MAX_PATH]; /* BIND_ALL_IMAGES: images seen, bound in order */
    unsigned nvisited;
};

static BOOL report(struct bind *b, IMAGEHLP_STATUS_REASON reason, const char *dll, ULONG_PTR va,
                   ULONG_PTR param)
{
    return !b->status || b->status(reason, b->image_name, dll, va, param);
}

static BOOL is_pe64(const LOADED_IMAGE *li)
{
    return ((const IMAGE_NT_HEADERS *)li->FileHeader)->OptionalHeader.Magic ==
           IMAGE_NT_OPTIONAL_HDR64_MAGIC;
}

static const IMAGE_DATA_DIRECTORY *data_dir(const LOADED_IMAGE *li, unsigned index)
{
    if (is_pe64(li))
    {
        const IMAGE_NT_HEADERS64 *nt = (const IMAGE_NT_HEADERS64 *)li->FileHeader;

        return index < nt->OptionalHeader.NumberOfRvaAndSizes ? &nt->OptionalHeader.DataDirectory[index]
                                                              : NULL;
    }
    else
    {
        const IMAGE_NT_HEADERS32 *nt = (const IMAGE_NT_HEADERS32 *)li->FileHeader;

        return index < nt->OptionalHeader.NumberOfRvaAndSizes ? &nt->OptionalHeader.DataDirectory[index]
                                                              : NULL;
    }
}

static ULONGLONG image_base(const LOADED_IMAGE *li)
{
    return is_pe64(li) ? ((const IMAGE_NT_HEADERS64 *)li->FileHeader)->OptionalHeader.ImageBase
                       : ((const IMAGE_NT_HEADERS32 *)li->FileHeader)->OptionalHeader.ImageBase;
}

/* A NUL-terminated string at rva inside the file, or NULL. */
static const char *rva_string(const LOADED_IMAGE *li, DWORD rva)
{
    const char *p = (const char *)image_rva(li, rva, 1);
    const char *end = (const char *)li->MappedAddress + li->SizeOfImage;
    const char *q;

    if (!p) return NULL;
    for (q = p; q < end && *q; q++) {}
    return q < end ? p : NULL;
}

/* An export of a DLL file: its RVA, or (forwarded) the "DLL.name" it
 * forwards to.  FALSE when there is no such export. */
static BOOL find_export(const LOADED_IMAGE *dll, const char *name, DWORD ordinal, DWORD *rva,
                        const char **forward)
{
    const IMAGE_DATA_DIRECTORY *dir = data_dir(dll, IMAGE_DIRECTORY_ENTRY_EXPORT);
    const IMAGE_EXPORT_DIRECTORY *exp;
    const DWORD *funcs, *names;
    const WORD *ords;
    DWORD index = ~0u, i;

    *forward = NULL;
    if (!dir || !dir->VirtualAddress ||
        !(exp = (const void *)image_rva(dll, dir->VirtualAddress, sizeof(*exp))))
        return FALSE;
    if (exp->NumberOfFunctions > 0x100000 || exp->NumberOfNames > 0x100000) return FALSE;
    funcs = (const void *)image_rva(dll, exp->AddressOfFunctions, exp->NumberOfFunctions * 4);
    if (!funcs) return FALSE;
    if (name)
    {
        names = (const void *)image_rva(dll, exp->AddressOfNames, exp->NumberOfNames * 4);
        ords = (const void *)image_rva(dll, exp->AddressOfNameOrdinals, exp->NumberOfNames * 2);
        if (!names || !ords) return FALSE;
        for (i = 0; i < exp->NumberOfNames; i++)
        {
            const char *n = rva_string(dll, names[i]);

            if (n && !strcmp(n, name))
            {
                index = ords[i];
                break;
            }
        }
    }
    else if (ordinal >= exp->Base)
        index = ordinal - exp->Base;
    if (index >= exp->NumberOfFunctions || !funcs[index]) return FALSE;
    *rva = funcs[index];
    if (*rva >= dir->VirtualAddress && *rva - dir->VirtualAddress < dir->Size)
        *forward = rva_string(dll, *rva);
    return TRUE;
}

/* Resolve one import in dll (following forwarders): its VA, or FALSE. */
static BOOL resolve(struct bind *b, const LOADED_IMAGE *dll, const char *name, DWORD ordinal,
                    struct bound_dll *bd, ULONGLONG *va, int depth)
{
    const char *forward;
    DWORD rva;

    if (!find_export(dll, name, ordinal, &rva, &forward)) return FALSE;
    if (!forward)
    {
        *va = image_base(dll) + rva;
        return TRUE;
    }
    /* "TARGET.name" or "TARGET.#ordinal". */
    {
        char target[MAX_PATH], *dot;
        const char *fname;
        LOADED_IMAGE fdll;
        DWORD ford = 0;
        BOOL ok;

        lstrcpynA(target, forward, sizeof(target) - 4);
        if (depth >= MAX_FORWARD_DEPTH || !(dot = strrchr(target, '.'))) return FALSE;
        *dot = 0;
        fname = forward + (dot - target) + 1;
        if (*fname == '#') { ford = strtoul(fname + 1, NULL, 10); fname = NULL; }
        if (!strchr(target, '.')) strcat(target, ".dll");
        if (!image_load(target, b->dll_path, &fdll, TRUE, TRUE)) return FALSE;
        ok = resolve(b, &fdll, fname, ford, bd, va, depth + 1);
        if (ok && bd->nforwards < ARRAY_SIZE(bd->forwards))
        {
            unsigned i;

            for (i = 0; i < bd->nforwards; i++)
                if (!_stricmp(bd->forwards[i], target)) break;
            if (i == bd->nforwards)
            {
                lstrcpynA(bd->forwards[i], target, sizeof(bd->forwards[i]));
                bd->forward_stamps[i] = fdll.FileHeader->FileHeader.TimeDateStamp;
                bd->nforwards++;
            }
        }
        else if (ok)
            ok = FALSE; /* too many forwarded-to DLLs to describe */
        report(b, ok ? BindForwarder : BindForwarderNOT, fdll.ModuleName, (ULONG_PTR)*va,
               (ULONG_PTR)(name ? name : ""));
        image_unload(&fdll);
        return ok;
    }
}

/* Bind the imports of one descriptor; TRUE when all resolved (values in
 * iat_values, count in *n). */
static BOOL bind_descriptor(struct bind *b, LOADED_IMAGE *li, const IMAGE_IMPORT_DESCRIPTOR *d,
                            const char *dll_name, struct bound_dll *bd, ULONGLONG **values,
                            DWORD *n, int depth)
{
    BOOL pe64 = is_pe64(li), all = TRUE;
    DWORD thunk = pe64 ? 8 : 4, i, names_rva = d->OriginalFirstThunk;
    LOADED_IMAGE dll;
    ULONGLONG *v = NULL;

    *values = NULL;
    *n = 0;
    report(b, BindImportModule, dll_name, 0, 0);
    if (!names_rva || !image_load(dll_name, b->dll_path, &dll, TRUE, TRUE))
    {
        if (names_rva) report(b, BindImportModuleFailed, dll_name, 0, 0);
        return FALSE;
    }
    bd->stamp = dll.FileHeader->FileHeader.TimeDateStamp;
    for (i = 0; i < 0x10000; i++)
    {
        const BYTE *t = image_rva(li, names_rva + i * thunk, thunk);
        ULONGLONG entry = 0, va = 0;
        const char *name = NULL;
        DWORD ordinal = 0;

        if (!t) { all = FALSE; break; }
        memcpy(&entry, t, thunk);
        if (!entry) break;
        if (pe64 ? (entry >> 63) : (entry >> 31)) ordinal = (DWORD)(entry & 0xffff);
        else if (!(name = rva_string(li, (DWORD)entry + 2))) { all = FALSE; break; }
        if (!(v = realloc(v, (i + 1) * sizeof(*v)))) { all = FALSE; break; }
        if (resolve(b, &dll, name, ordinal, bd, &va, 0))
        {
            v[i] = va;
            report(b, BindImportProcedure, dll.ModuleName, (ULONG_PTR)va,
                   (ULONG_PTR)(name ? name : ""));
        }
        else
        {
            all = FALSE;
            report(b, BindImportProcedureFailed, dll.ModuleName, 0, (ULONG_PTR)(name ? name : ""));
        }
        *n = i + 1;
    }
    /* BIND_ALL_IMAGES: the DLL is bound after this image (bind_all). */
    if ((b->flags & BIND_ALL_IMAGES) && depth < 4 && b->nvisited < ARRAY_SIZE(b->visited))
    {
        unsigned k;

        for (k = 0; k < b->nvisited; k++)
            if (!_stricmp(b->visited[k], dll.ModuleName)) break;
        if (k == b->nvisited) lstrcpynA(b->visited[b->nvisited++], dll.ModuleName, MAX_PATH);
    }
    image_unload(&dll);
    *values = v;
    return all;
}

/* The bound import directory: descriptors, forwarder refs, a null
 * descriptor, then the names.  Its size, or 0 when it does not fit. */
static DWORD build_bound(const struct bound_dll *dlls, unsigned n, BYTE *out, DWORD room)
{
    DWORD entries = 1, names = 0, i, j, pos, name_pos;

    for (i = 0; i < n; i++)
    {
        entries += 1 + dlls[i].nforwards;
        names += (DWORD)strlen(dlls[i].name) + 1;
        for (j = 0; j < dlls[i].nforwards; j++) names += (DWORD)strlen(dlls[i].forwards[j]) + 1;
    }
    if (entries * 8 + names > room) return 0;
    memset(out, 0, entries * 8 + names);
    name_pos = entries * 8;
    for (i = 0, pos = 0; i < n; i++)
    {
        IMAGE_BOUND_IMPORT_DESCRIPTOR desc;

        desc.TimeDateStamp = dlls[i].stamp;
        desc.OffsetModuleName = (WORD)name_pos;
        desc.NumberOfModuleForwarderRefs = (WORD)dlls[i].nforwards;
        memcpy(out + pos, &desc, 8);
        pos += 8;
        strcpy((char *)out + name_pos, dlls[i].name);
        name_pos += (DWORD)strlen(dlls[i].name) + 1;
        for (j = 0; j < dlls[i].nforwards; j++)
        {
            IMAGE_BOUND_FORWARDER_REF ref;

            ref.TimeDateStamp = dlls[i].forward_stamps[j];
            ref.OffsetModuleName = (WORD)name_pos;
            ref.Reserved = 0;
            memcpy(out + pos, &ref, 8);
            pos += 8;
            strcpy((char *)out + name_pos, dlls[i].forwards[j]);
            name_pos += (DWORD)strlen(dlls[i].forwards[j]) + 1;
        }
    }
    return name_pos;
}

static BOOL bind_one(struct bind *b, const char *path, int depth)
{
    BOOL update = !(b->flags & BIND_NO_UPDATE), pe64, new_style = !(b->flags & BIND_NO_BOUND_IMPORTS);
    const IMAGE_DATA_DIRECTORY *imports;
    IMAGE_DATA_DIRECTORY *bound_dir;
    const char *saved = b->image_name;
    struct bind_result { DWORD desc_off; BOOL bound; ULONGLONG *values; DWORD n; DWORD iat; } *res = NULL;
    LOADED_IMAGE li;
    DWORD i, nres = 0, unused_off, unused, bound_size = 0, thunk;
    unsigned first_dll = b->ndlls;
    BYTE *desc_p;
    BOOL ret = TRUE;

    if (!image_load(path, b->dll_path, &li, FALSE, !update)) return FALSE;
    b->image_name = li.ModuleName;
    pe64 = is_pe64(&li);
    thunk = pe64 ? 8 : 4;
    imports = data_dir(&li, IMAGE_DIRECTORY_ENTRY_IMPORT);
    if (imports && imports->VirtualAddress)
    {
        for (i = 0; i < 1024; i++)
        {
            const IMAGE_IMPORT_DESCRIPTOR *d;
            const char *name;
            struct bound_dll *bd;
            struct bind_result *r;

            if (!(desc_p = image_rva(&li, imports->VirtualAddress + i * sizeof(*d), sizeof(*d)))) break;
            d = (const IMAGE_IMPORT_DESCRIPTOR *)desc_p;
            if (!d->Name && !d->FirstThunk) break;
            if (!(name = rva_string(&li, d->Name))) continue;
            if (!(r = realloc(res, (nres + 1) * sizeof(*res)))) { ret = FALSE; break; }
            res = r;
            r = &res[nres++];
            r->desc_off = (DWORD)(desc_p - li.MappedAddress);
            r->iat = d->FirstThunk;
            bd = b->ndlls < MAX_BOUND_DLLS ? &b->dlls[b->ndlls] : NULL;
            if (bd)
            {
                memset(bd, 0, sizeof(*bd));
                lstrcpynA(bd->name, name, sizeof(bd->name));
            }
            {
                struct bound_dll scratch;

                if (!bd) memset(bd = &scratch, 0, sizeof(scratch));
                r->bound = bind_descriptor(b, &li, d, name, bd, &r->values, &r->n, depth) &&
                           bd != &scratch;
                if (r->bound) b->ndlls++;
            }
        }
    }
    /* The bound import directory goes in the headers' slack. */
    bound_dir = (IMAGE_DATA_DIRECTORY *)data_dir(&li, IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT);
    {
        const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)li.FileHeader;

        unused_off = (DWORD)((BYTE *)(IMAGE_FIRST_SECTION(nt) + nt->FileHeader.NumberOfSections) -
                             li.MappedAddress);
        unused = nt->OptionalHeader.SizeOfHeaders > unused_off ? nt->OptionalHeader.SizeOfHeaders - unused_off : 0;
        if (unused_off + unused > li.SizeOfImage) unused = 0;
    }
    if (new_style && b->ndlls > first_dll && bound_dir)
    {
        /* Only this image's DLLs go in its directory. */
        const struct bound_dll *mine = b->dlls + first_dll;
        unsigned nmine = b->ndlls - first_dll;

        if (update)
            bound_size = build_bound(mine, nmine, li.MappedAddress + unused_off, unused);
        else
        {
            BYTE *tmp = malloc(unused ? unused : 1);

            bound_size = tmp ? build_bound(mine, nmine, tmp, unused) : 0;
            free(tmp);
        }
        if (!bound_size)
        {
            report(b, BindNoRoomInImage, NULL, 0, 0);
            new_style = FALSE;
        }
    }
    else
        new_style = FALSE;
    if (update)
    {
        for (i = 0; i < nres; i++)
        {
            IMAGE_IMPORT_DESCRIPTOR *d = (IMAGE_IMPORT_DESCRIPTOR *)(li.MappedAddress + res[i].desc_off);
            BYTE *iat;
            DWORD k;

            if (!res[i].bound || !(iat = image_rva(&li, res[i].iat, res[i].n * thunk))) continue;
            for (k = 0; k < res[i].n; k++) memcpy(iat + k * thunk, &res[i].values[k], thunk);
            if (new_style)
                d->TimeDateStamp = 0xffffffff;
            else
            {
                unsigned j;

                for (j = first_dll; j < b->ndlls; j++)
                    if (!_stricmp(b->dlls[j].name, rva_string(&li, d->Name) ? rva_string(&li, d->Name) : ""))
                        d->TimeDateStamp = b->dlls[j].stamp;
                d->ForwarderChain = 0xffffffff;
            }
        }
        if (bound_dir)
        {
            bound_dir->VirtualAddress = new_style ? unused_off : 0;
            bound_dir->Size = new_style ? bound_size : 0;
        }
        report(b, BindImageModified, NULL, 0, 0);
    }
    for (i = 0; i < nres; i++) free(res[i].values);
    free(res);
    report(b, BindImageComplete, NULL, 0, 0);
    image_unload(&li); /* a writable image gets its checksum updated */
    b->image_name = saved;
    (void)pe64;
    return ret;
}

BOOL WINAPI BindImageEx(DWORD flags, PCSTR image, PCSTR dll_path, PCSTR symbol_path,
                        PIMAGEHLP_STATUS_ROUTINE status)
{
    struct bind *b;
    unsigned i;
    BOOL ret;

    (void)symbol_path;
    if (!image)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(b = calloc(1, sizeof(*b))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    b->flags = flags;
    b->dll_path = dll_path;
    b->status = status;
    b->image_name = image;
    lstrcpynA(b->visited[b->nvisited++], image, MAX_PATH);
    ret = bind_one(b, image, 0);
    /* BIND_ALL_IMAGES: each DLL found, once, after the image. */
    for (i = 1; ret && i < b->nvisited; i++)
    {
        b->ndlls = 0;
        bind_one(b, b->visited[i], 1);
    }
    free(b);
    return ret;
}

BOOL WINAPI BindImage(PCSTR image, PCSTR dll_path, PCSTR symbol_path)
{
    return BindImageEx(0, image, dll_path, symbol_path, NULL);
}
