/*
 * modinfo.c: queries over a process's module list: SymGetModuleInfo*,
 * SymGetModuleBase*, SymEnumerateModules*, SymRefreshModuleList.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

/* What the CodeView record says, with no PDB read: the PDB's identity
 * (PdbSig70 and PdbAge for RSDS, PdbSig and PdbAge for NB10), CVSig (the
 * record's signature) and CVData (the PDB path it holds).  PdbUnmatched
 * stays FALSE: nothing was compared. */
static void fill_codeview(IMAGEHLP_MODULEW64 *info, const struct pe_codeview *cv)
{
    info->CVSig = cv->format;
    if (cv->format == PE_CV_RSDS) memcpy(&info->PdbSig70, cv->guid, sizeof(info->PdbSig70));
    else info->PdbSig = cv->signature;
    info->PdbAge = cv->age;
    if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, cv->path, -1, info->CVData,
                             ARRAY_SIZE(info->CVData)) &&
        !MultiByteToWideChar(CP_ACP, 0, cv->path, -1, info->CVData, ARRAY_SIZE(info->CVData)))
        info->CVData[0] = 0;
}

/* Fill the full Unicode record of the module holding addr.  Returns FALSE
 * with the error to set in *err. */
static BOOL get_module_info(HANDLE handle, DWORD64 addr, IMAGEHLP_MODULEW64 *info, DWORD *err)
{
    struct process *pcs = process_get(handle);
    struct module *mod;

    if (!pcs)
    {
        *err = ERROR_INVALID_HANDLE;
        return FALSE;
    }
    memset(info, 0, sizeof(*info));
    AcquireSRWLockShared(&dbghelp_lock);
    if (!(mod = module_find(pcs, addr)))
    {
        ReleaseSRWLockShared(&dbghelp_lock);
        process_release(pcs);
        *err = ERROR_MOD_NOT_FOUND;
        return FALSE;
    }
    info->SizeOfStruct = sizeof(*info);
    info->BaseOfImage = mod->base;
    info->ImageSize = (DWORD)mod->size;
    info->CheckSum = mod->checksum;
    info->MachineType = mod->machine;
    memcpy(info->ModuleName, mod->module_name, sizeof(info->ModuleName));
    lstrcpynW(info->ImageName, mod->image_name, ARRAY_SIZE(info->ImageName));
    AcquireSRWLockShared(&mod->syms_lock);
    info->NumSyms = mod->num_syms;
    info->SymType = mod->sym_type;
    info->LineNumbers = mod->tab->has_lines;
    info->GlobalSymbols = mod->tab->nsyms != 0;
    info->Publics = mod->tab->npubs != 0;
    /* Type information read (a PDB's TPI, DWARF's types). */
    info->TypeInfo = mod->types.published > 0;
    /* Until its symbols are loaded, a deferred module reports neither the
     * file it will read nor that file's stamp, as Windows does. */
    if (mod->syms != SYMS_DEFERRED)
    {
        info->TimeDateStamp = mod->timestamp;
        lstrcpynW(info->LoadedImageName, mod->file_path, ARRAY_SIZE(info->LoadedImageName));
        if (mod->cv) fill_codeview(info, mod->cv);
        /* The PDB read, and whether it was only accepted by
         * SYMOPT_LOAD_ANYTHING. */
        if (mod->sym_type == SymPdb && mod->debug.file)
        {
            lstrcpynW(info->LoadedPdbName, mod->debug.file, ARRAY_SIZE(info->LoadedPdbName));
            info->PdbUnmatched = mod->debug.unmatched;
        }
    }
    ReleaseSRWLockShared(&mod->syms_lock);
    ReleaseSRWLockShared(&dbghelp_lock);
    process_release(pcs);
    return TRUE;
}

/* The checks every SymGetModuleInfo* form makes, then the record itself.
 * Callers may pass an older, shorter version of their structure; native
 * answers a SizeOfStruct larger than it knows with ERROR_MOD_NOT_FOUND
 * (Wine's tests record it for the ANSI form). */
static BOOL get_module_info_checked(HANDLE handle, DWORD64 addr, const DWORD *size_of_struct,
                                    DWORD max_size, IMAGEHLP_MODULEW64 *info)
{
    DWORD err;

    if (!size_of_struct || *size_of_struct > max_size || *size_of_struct < sizeof(DWORD))
    {
        struct process *pcs = process_get(handle);

        if (pcs) process_release(pcs);
        SetLastError(pcs ? (size_of_struct ? ERROR_MOD_NOT_FOUND : ERROR_INVALID_PARAMETER)
                         : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!get_module_info(handle, addr, info, &err))
    {
        SetLastError(err);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SymGetModuleInfoW64(HANDLE handle, DWORD64 addr, PIMAGEHLP_MODULEW64 out)
{
    IMAGEHLP_MODULEW64 info;
    DWORD size;

    if (!get_module_info_checked(handle, addr, out ? &out->SizeOfStruct : NULL, sizeof(info), &info))
        return FALSE;
    size = out->SizeOfStruct;
    info.SizeOfStruct = size;
    memcpy(out, &info, size);
    return TRUE;
}

BOOL WINAPI SymGetModuleInfo64(HANDLE handle, DWORD64 addr, PIMAGEHLP_MODULE64 out)
{
    IMAGEHLP_MODULEW64 w;
    IMAGEHLP_MODULE64 a;
    DWORD size;

    if (!get_module_info_checked(handle, addr, out ? &out->SizeOfStruct : NULL, sizeof(a), &w))
        return FALSE;
    memset(&a, 0, sizeof(a));
    size = out->SizeOfStruct;
    a.SizeOfStruct = size;
    a.BaseOfImage = w.BaseOfImage;
    a.ImageSize = w.ImageSize;
    a.TimeDateStamp = w.TimeDateStamp;
    a.CheckSum = w.CheckSum;
    a.NumSyms = w.NumSyms;
    a.SymType = w.SymType;
    dbg_WtoA(w.ModuleName, a.ModuleName, sizeof(a.ModuleName));
    dbg_WtoA(w.ImageName, a.ImageName, sizeof(a.ImageName));
    dbg_WtoA(w.LoadedImageName, a.LoadedImageName, sizeof(a.LoadedImageName));
    dbg_WtoA(w.LoadedPdbName, a.LoadedPdbName, sizeof(a.LoadedPdbName));
    a.CVSig = w.CVSig;
    dbg_WtoA(w.CVData, a.CVData, sizeof(a.CVData));
    a.PdbSig = w.PdbSig;
    a.PdbSig70 = w.PdbSig70;
    a.PdbAge = w.PdbAge;
    a.PdbUnmatched = w.PdbUnmatched;
    a.DbgUnmatched = w.DbgUnmatched;
    a.LineNumbers = w.LineNumbers;
    a.GlobalSymbols = w.GlobalSymbols;
    a.TypeInfo = w.TypeInfo;
    a.SourceIndexed = w.SourceIndexed;
    a.Publics = w.Publics;
    a.MachineType = w.MachineType;
    memcpy(out, &a, size);
    return TRUE;
}

/* The 32-bit record is the first fields of the 64-bit one with a 32-bit
 * base; a module above 4 GiB is reported with its base truncated. */
BOOL WINAPI SymGetModuleInfoW(HANDLE handle, DWORD addr, DBG_IMAGEHLP_MODULEW32 *out)
{
    IMAGEHLP_MODULEW64 w;
    DBG_IMAGEHLP_MODULEW32 r;
    DWORD size;

    if (!get_module_info_checked(handle, addr, out ? &out->SizeOfStruct : NULL, sizeof(r), &w))
        return FALSE;
    size = out->SizeOfStruct;
    memset(&r, 0, sizeof(r));
    r.SizeOfStruct = size;
    r.BaseOfImage = (DWORD)w.BaseOfImage;
    r.ImageSize = w.ImageSize;
    r.TimeDateStamp = w.TimeDateStamp;
    r.CheckSum = w.CheckSum;
    r.NumSyms = w.NumSyms;
    r.SymType = w.SymType;
    memcpy(r.ModuleName, w.ModuleName, sizeof(r.ModuleName));
    memcpy(r.ImageName, w.ImageName, sizeof(r.ImageName));
    memcpy(r.LoadedImageName, w.LoadedImageName, sizeof(r.LoadedImageName));
    memcpy(out, &r, size);
    return TRUE;
}

BOOL WINAPI SymGetModuleInfo(HANDLE handle, DWORD addr, DBG_IMAGEHLP_MODULE32 *out)
{
    IMAGEHLP_MODULEW64 w;
    DBG_IMAGEHLP_MODULE32 r;
    DWORD size;

    if (!get_module_info_checked(handle, addr, out ? &out->SizeOfStruct : NULL, sizeof(r), &w))
        return FALSE;
    size = out->SizeOfStruct;
    memset(&r, 0, sizeof(r));
    r.SizeOfStruct = size;
    r.BaseOfImage = (DWORD)w.BaseOfImage;
    r.ImageSize = w.ImageSize;
    r.TimeDateStamp = w.TimeDateStamp;
    r.CheckSum = w.CheckSum;
    r.NumSyms = w.NumSyms;
    r.SymType = w.SymType;
    dbg_WtoA(w.ModuleName, r.ModuleName, sizeof(r.ModuleName));
    dbg_WtoA(w.ImageName, r.ImageName, sizeof(r.ImageName));
    dbg_WtoA(w.LoadedImageName, r.LoadedImageName, sizeof(r.LoadedImageName));
    memcpy(out, &r, size);
    return TRUE;
}

DWORD64 WINAPI SymGetModuleBase64(HANDLE handle, DWORD64 addr)
{
    struct process *pcs = process_enter(handle);
    struct module *mod;
    DWORD64 base = 0;

    if (!pcs) return 0;
    AcquireSRWLockShared(&dbghelp_lock);
    if ((mod = module_find(pcs, addr))) base = mod->base;
    ReleaseSRWLockShared(&dbghelp_lock);
    process_release(pcs);
    if (!base) SetLastError(ERROR_MOD_NOT_FOUND);
    return base;
}

DWORD WINAPI SymGetModuleBase(HANDLE handle, DWORD addr)
{
    return (DWORD)SymGetModuleBase64(handle, addr);
}

/* The three enumeration forms differ only in how the callback is called. */
enum enum_form { ENUM_32, ENUM_64, ENUM_W64 };

static BOOL enumerate_modules(HANDLE handle, enum enum_form form, void *callback, PVOID ctx)
{
    struct process *pcs = process_enter(handle);
    struct module **mods;
    size_t count, i;
    char name[ARRAY_SIZE(((struct module *)0)->module_name) * 2];

    if (!pcs) return FALSE;
    if (!callback)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    mods = module_snapshot(pcs, &count);
    for (i = 0; i < count; i++)
    {
        struct module *mod = mods[i];
        BOOL cont;

        /* A callback may unload modules; skip those already gone. */
        if (mod->unloaded) continue;
        switch (form)
        {
        case ENUM_W64:
            cont = ((PSYM_ENUMMODULES_CALLBACKW64)callback)(mod->module_name, mod->base, ctx);
            break;
        case ENUM_64:
            dbg_WtoA(mod->module_name, name, sizeof(name));
            cont = ((PSYM_ENUMMODULES_CALLBACK64)callback)(name, mod->base, ctx);
            break;
        default:
            dbg_WtoA(mod->module_name, name, sizeof(name));
            cont = ((DBG_ENUMMODULES_CALLBACK32)callback)(name, (ULONG)mod->base, ctx);
            break;
        }
        if (!cont) break;
    }
    module_snapshot_free(mods, count);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymEnumerateModulesW64(HANDLE handle, PSYM_ENUMMODULES_CALLBACKW64 cb, PVOID ctx)
{
    return enumerate_modules(handle, ENUM_W64, (void *)cb, ctx);
}

BOOL WINAPI SymEnumerateModules64(HANDLE handle, PSYM_ENUMMODULES_CALLBACK64 cb, PVOID ctx)
{
    return enumerate_modules(handle, ENUM_64, (void *)cb, ctx);
}

BOOL WINAPI SymEnumerateModules(HANDLE handle, DBG_ENUMMODULES_CALLBACK32 cb, PVOID ctx)
{
    return enumerate_modules(handle, ENUM_32, (void *)cb, ctx);
}

BOOL WINAPI SymRefreshModuleList(HANDLE handle)
{
    struct process *pcs = process_enter(handle);
    BOOL ret;

    if (!pcs) return FALSE;
    ret = module_refresh_list(pcs);
    process_release(pcs);
    if (ret) SetLastError(ERROR_SUCCESS);
    return ret;
}
