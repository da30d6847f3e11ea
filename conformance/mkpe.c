/* mkpe.c: hand-made PE files for the tests (see mkpe.h). */
#include <stdlib.h>
#include <string.h>
#include "mkpe.h"

#define FILE_ALIGN 0x200
#define SECT_RVA 0x1000
#define SECT_RAW 0x200
#define SECT_SIZE 0x200

DWORD mkpe_rsds(BYTE *out, const GUID *guid, DWORD age, const char *pdb)
{
    memcpy(out, "RSDS", 4);
    memcpy(out + 4, guid, 16);
    memcpy(out + 20, &age, 4);
    strcpy((char *)out + 24, pdb);
    return 24 + (DWORD)strlen(pdb) + 1;
}

DWORD mkpe_nb10(BYTE *out, DWORD signature, DWORD age, const char *pdb)
{
    DWORD zero = 0;

    memcpy(out, "NB10", 4);
    memcpy(out + 4, &zero, 4);       /* offset: 0 for a separate PDB */
    memcpy(out + 8, &signature, 4);
    memcpy(out + 12, &age, 4);
    strcpy((char *)out + 16, pdb);
    return 16 + (DWORD)strlen(pdb) + 1;
}

DWORD mkpe_misc(BYTE *out, const char *dbg)
{
    DWORD kind = IMAGE_DEBUG_MISC_EXENAME, len = (12 + (DWORD)strlen(dbg) + 1 + 3) & ~3u;

    memset(out, 0, len);
    memcpy(out, &kind, 4);
    memcpy(out + 4, &len, 4);
    strcpy((char *)out + 12, dbg);
    return len;
}

BYTE *mkpe_build(const struct mkpe *pe, DWORD *size)
{
    DWORD total = SECT_RAW + SECT_SIZE, nt_off = 0x40, opt_size, sect_off;
    BYTE *file = calloc(1, total);
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)file;
    IMAGE_FILE_HEADER *fh;
    IMAGE_SECTION_HEADER *sect;
    IMAGE_DATA_DIRECTORY *dirs;
    IMAGE_DEBUG_DIRECTORY *dbg;

    if (!file) return NULL;
    if (pe->nmore > 4) { free(file); return NULL; }
    dos->e_magic = IMAGE_DOS_SIGNATURE;
    dos->e_lfanew = (LONG)nt_off;
    memcpy(file + nt_off, "PE\0\0", 4);
    fh = (IMAGE_FILE_HEADER *)(file + nt_off + 4);
    fh->Machine = pe->pe64 ? IMAGE_FILE_MACHINE_AMD64 : IMAGE_FILE_MACHINE_I386;
    fh->NumberOfSections = 1;
    fh->TimeDateStamp = pe->timestamp;
    fh->Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_DLL | pe->characteristics;
    if (pe->pe64)
    {
        IMAGE_OPTIONAL_HEADER64 *o = (IMAGE_OPTIONAL_HEADER64 *)(fh + 1);

        opt_size = sizeof(*o);
        o->Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
        o->ImageBase = 0x180000000ull;
        o->SectionAlignment = 0x1000;
        o->FileAlignment = FILE_ALIGN;
        o->MajorSubsystemVersion = 6;
        o->SizeOfImage = pe->size_of_image ? pe->size_of_image : 0x2000;
        o->SizeOfHeaders = SECT_RAW;
        o->Subsystem = IMAGE_SUBSYSTEM_WINDOWS_GUI;
        o->NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
        o->SizeOfInitializedData = SECT_SIZE;
        dirs = o->DataDirectory;
    }
    else
    {
        IMAGE_OPTIONAL_HEADER32 *o = (IMAGE_OPTIONAL_HEADER32 *)(fh + 1);

        opt_size = sizeof(*o);
        o->Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC;
        o->ImageBase = 0x10000000;
        o->SectionAlignment = 0x1000;
        o->FileAlignment = FILE_ALIGN;
        o->MajorSubsystemVersion = 6;
        o->SizeOfImage = pe->size_of_image ? pe->size_of_image : 0x2000;
        o->SizeOfHeaders = SECT_RAW;
        o->Subsystem = IMAGE_SUBSYSTEM_WINDOWS_GUI;
        o->NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
        o->SizeOfInitializedData = SECT_SIZE;
        dirs = o->DataDirectory;
    }
    fh->SizeOfOptionalHeader = (WORD)opt_size;
    sect_off = nt_off + 4 + sizeof(*fh) + opt_size;
    sect = (IMAGE_SECTION_HEADER *)(file + sect_off);
    memcpy(sect->Name, ".rdata", 6);
    sect->Misc.VirtualSize = SECT_SIZE;
    sect->VirtualAddress = SECT_RVA;
    sect->SizeOfRawData = SECT_SIZE;
    sect->PointerToRawData = SECT_RAW;
    sect->Characteristics = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ;
    if (pe->debug_type || pe->nmore)
    {
        struct { DWORD type; const void *data; DWORD size; } all[5];
        unsigned n = 0, i;
        DWORD data;

        if (pe->debug_type)
        {
            all[0].type = pe->debug_type;
            all[0].data = pe->debug_data;
            all[0].size = pe->debug_size;
            n = 1;
        }
        for (i = 0; i < pe->nmore; i++, n++)
        {
            all[n].type = pe->more[i].type;
            all[n].data = pe->more[i].data;
            all[n].size = pe->more[i].size;
        }
        dirs[IMAGE_DIRECTORY_ENTRY_DEBUG].VirtualAddress = SECT_RVA;
        dirs[IMAGE_DIRECTORY_ENTRY_DEBUG].Size = n * sizeof(*dbg);
        for (i = 0, data = n * sizeof(*dbg); i < n; i++)
        {
            if (data + all[i].size > SECT_SIZE) { free(file); return NULL; }
            dbg = (IMAGE_DEBUG_DIRECTORY *)(file + SECT_RAW) + i;
            dbg->TimeDateStamp = pe->timestamp;
            dbg->Type = all[i].type;
            dbg->SizeOfData = all[i].size;
            dbg->AddressOfRawData = all[i].size ? SECT_RVA + data : 0;
            dbg->PointerToRawData = all[i].size ? SECT_RAW + data : 0;
            if (all[i].size) memcpy(file + SECT_RAW + data, all[i].data, all[i].size);
            data = (data + all[i].size + 3) & ~3u;
        }
    }
    *size = total;
    return file;
}

BOOL mkpe_write(const char *path, const struct mkpe *pe)
{
    DWORD size, written = 0;
    BYTE *data = mkpe_build(pe, &size);
    HANDLE file;
    BOOL ret;

    if (!data) return FALSE;
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) { free(data); return FALSE; }
    ret = WriteFile(file, data, size, &written, NULL) && written == size;
    CloseHandle(file);
    free(data);
    return ret;
}
