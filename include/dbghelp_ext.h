/*
 * dbghelp_ext.h: what mingw-w64's <dbghelp.h> lacks of Microsoft's, for the
 * DLL, the tools and the tests.  Include after <dbghelp.h>.
 */
#ifndef DBGHELP_EXT_H
#define DBGHELP_EXT_H

#include <windows.h>
#include <dbghelp.h>

#ifndef STATUS_INVALID_CID
#define STATUS_INVALID_CID ((DWORD)0xC000000B)
#endif
/* SymGetOmaps' entries (Microsoft's dbghelp.h). */
typedef struct _OMAP { ULONG rva; ULONG rvaTo; } OMAP, *POMAP;

/* SymEnumSourceLines' flags (Microsoft's dbghelp.h). */
#ifndef ESLFLAG_FULLPATH
#define ESLFLAG_FULLPATH 0x1
#define ESLFLAG_NEAREST  0x2
#define ESLFLAG_PREV     0x4
#define ESLFLAG_NEXT     0x8
#endif
#ifndef SLMFLAG_ALT_INDEX
#define SLMFLAG_ALT_INDEX 0x2
#endif
#ifndef SLMFLAG_NO_SYMBOLS
#define SLMFLAG_NO_SYMBOLS 0x4
#endif

/* The Unicode payload of the CBA_DEFERRED_SYMBOL_LOAD_* actions. */
typedef struct _IMAGEHLP_DEFERRED_SYMBOL_LOADW64
{
    DWORD SizeOfStruct;
    DWORD64 BaseOfImage;
    DWORD CheckSum;
    DWORD TimeDateStamp;
    WCHAR FileName[MAX_PATH + 1];
    BOOLEAN Reparse;
    HANDLE hFile;
    DWORD Flags;
} IMAGEHLP_DEFERRED_SYMBOL_LOADW64, *PIMAGEHLP_DEFERRED_SYMBOL_LOADW64;

BOOL WINAPI SymRegisterCallbackW64(HANDLE, PSYMBOL_REGISTERED_CALLBACK64, ULONG64);

/* The 32-bit structures and callbacks: the SDK header replaces them with
 * the 64-bit ones on Win64, but both DLLs export the 32-bit functions. */
#ifdef _WIN64
typedef struct dbg_imagehlp_module32
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD ImageSize;
    DWORD TimeDateStamp;
    DWORD CheckSum;
    DWORD NumSyms;
    SYM_TYPE SymType;
    CHAR ModuleName[32];
    CHAR ImageName[256];
    CHAR LoadedImageName[256];
} DBG_IMAGEHLP_MODULE32;

typedef struct dbg_imagehlp_modulew32
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD ImageSize;
    DWORD TimeDateStamp;
    DWORD CheckSum;
    DWORD NumSyms;
    SYM_TYPE SymType;
    WCHAR ModuleName[32];
    WCHAR ImageName[256];
    WCHAR LoadedImageName[256];
} DBG_IMAGEHLP_MODULEW32;
#else
/* On Win32 the SDK has them under their own names. */
typedef IMAGEHLP_MODULE DBG_IMAGEHLP_MODULE32;
typedef IMAGEHLP_MODULEW DBG_IMAGEHLP_MODULEW32;
#endif

typedef struct dbg_imagehlp_deferred_symbol_load32
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD CheckSum;
    DWORD TimeDateStamp;
    CHAR FileName[MAX_PATH];
    BOOLEAN Reparse;
    HANDLE hFile;
} DBG_IMAGEHLP_DEFERRED_SYMBOL_LOAD32;

typedef BOOL (CALLBACK *DBG_ENUMMODULES_CALLBACK32)(PCSTR, ULONG, PVOID);
typedef BOOL (CALLBACK *DBG_ENUMLOADED_CALLBACK32)(PCSTR, ULONG, ULONG, PVOID);
typedef BOOL (CALLBACK *DBG_REGISTERED_CALLBACK32)(HANDLE, ULONG, PVOID, PVOID);

/* IMAGEHLP_SYMBOL and IMAGEHLP_LINE, the 32-bit forms (hidden on Win64). */
#ifdef _WIN64
typedef struct dbg_imagehlp_symbol32
{
    DWORD SizeOfStruct;
    DWORD Address;
    DWORD Size;
    DWORD Flags;
    DWORD MaxNameLength;
    CHAR Name[1];
} DBG_IMAGEHLP_SYMBOL32;

typedef struct dbg_imagehlp_line32
{
    DWORD SizeOfStruct;
    PVOID Key;
    DWORD LineNumber;
    PCHAR FileName;
    DWORD Address;
} DBG_IMAGEHLP_LINE32;
#else
typedef IMAGEHLP_SYMBOL DBG_IMAGEHLP_SYMBOL32;
typedef IMAGEHLP_LINE DBG_IMAGEHLP_LINE32;
#endif
typedef BOOL (CALLBACK *DBG_ENUMSYMBOLS_CALLBACK32)(PCSTR, ULONG, ULONG, PVOID);
typedef BOOL (CALLBACK *DBG_ENUMSYMBOLS_CALLBACKW32)(PCWSTR, ULONG, ULONG, PVOID);

/* ---- symbols and inline frames (not in mingw's header) ---------------- */

#ifndef SYMENUM_OPTIONS_DEFAULT
#define SYMENUM_OPTIONS_DEFAULT 0x00000001
#define SYMENUM_OPTIONS_INLINE 0x00000002
#endif
#ifndef SYMFLAG_PUBLIC_CODE
#define SYMFLAG_PUBLIC_CODE 0x00400000
#endif

BOOL WINAPI SymEnumSymbolsEx(HANDLE, ULONG64, PCSTR, PSYM_ENUMERATESYMBOLS_CALLBACK, PVOID, DWORD);
BOOL WINAPI SymEnumSymbolsExW(HANDLE, ULONG64, PCWSTR, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID, DWORD);
BOOL WINAPI SymSetScopeFromAddr(HANDLE, ULONG64);
BOOL WINAPI SymMatchStringA(PCSTR, PCSTR, BOOL);
DWORD WINAPI SymAddrIncludeInlineTrace(HANDLE, DWORD64);
BOOL WINAPI SymQueryInlineTrace(HANDLE, DWORD64, DWORD, DWORD64, DWORD64, LPDWORD, LPDWORD);
BOOL WINAPI SymFromInlineContext(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFO);
BOOL WINAPI SymFromInlineContextW(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFOW);
BOOL WINAPI SymGetLineFromInlineContext(HANDLE, DWORD64, ULONG, DWORD64, PDWORD, PIMAGEHLP_LINE64);
BOOL WINAPI SymGetLineFromInlineContextW(HANDLE, DWORD64, ULONG, DWORD64, PDWORD, PIMAGEHLP_LINEW64);

/* ---- stack walking (not in mingw's header) ----------------------------- */

#ifndef SYM_STKWALK_DEFAULT
#define SYM_STKWALK_DEFAULT 0x00000000
#define SYM_STKWALK_FORCE_FRAMEPTR 0x00000001
#endif

BOOL WINAPI StackWalkEx(DWORD, HANDLE, HANDLE, LPSTACKFRAME_EX, PVOID, PREAD_PROCESS_MEMORY_ROUTINE64,
                        PFUNCTION_TABLE_ACCESS_ROUTINE64, PGET_MODULE_BASE_ROUTINE64,
                        PTRANSLATE_ADDRESS_ROUTINE64, DWORD);
PVOID WINAPI SymFunctionTableAccess64AccessRoutines(HANDLE, DWORD64, PREAD_PROCESS_MEMORY_ROUTINE64,
                                                    PGET_MODULE_BASE_ROUTINE64);

/* ---- minidumps: what mingw's header lacks (Microsoft's minidumpapiset.h) - */

#include <pshpack4.h>

#ifndef MINIDUMP_MISC3_PROCESS_INTEGRITY
#define MINIDUMP_MISC3_PROCESS_INTEGRITY     0x00000010
#define MINIDUMP_MISC3_PROCESS_EXECUTE_FLAGS 0x00000020
#define MINIDUMP_MISC3_TIMEZONE              0x00000040
#define MINIDUMP_MISC3_PROTECTED_PROCESS     0x00000080
#define MINIDUMP_MISC4_BUILDSTRING           0x00000100
#define MINIDUMP_MISC5_PROCESS_COOKIE        0x00000200
#endif

typedef struct _DBG_XSTATE_FEATURE { ULONG Offset; ULONG Size; } DBG_XSTATE_FEATURE;
typedef struct _DBG_XSTATE_CONFIG_FEATURE_MSC_INFO
{
    ULONG32 SizeOfInfo;
    ULONG32 ContextSize;
    ULONG64 EnabledFeatures;
    DBG_XSTATE_FEATURE Features[64];
} DBG_XSTATE_CONFIG_FEATURE_MSC_INFO;

/* MINIDUMP_MISC_INFO_5 (also the _3 and _4 layouts: its prefixes). */
typedef struct _DBG_MINIDUMP_MISC_INFO_5
{
    ULONG32 SizeOfInfo;
    ULONG32 Flags1;
    ULONG32 ProcessId;
    ULONG32 ProcessCreateTime;
    ULONG32 ProcessUserTime;
    ULONG32 ProcessKernelTime;
    ULONG32 ProcessorMaxMhz;
    ULONG32 ProcessorCurrentMhz;
    ULONG32 ProcessorMhzLimit;
    ULONG32 ProcessorMaxIdleState;
    ULONG32 ProcessorCurrentIdleState;
    ULONG32 ProcessIntegrityLevel;
    ULONG32 ProcessExecuteFlags;
    ULONG32 ProtectedProcess;
    ULONG32 TimeZoneId;
    TIME_ZONE_INFORMATION TimeZone;
    WCHAR BuildString[260];
    WCHAR DbgBldStr[40];
    DBG_XSTATE_CONFIG_FEATURE_MSC_INFO XStateData;
    ULONG32 ProcessCookie;
} DBG_MINIDUMP_MISC_INFO_5;
#define DBG_MINIDUMP_MISC_INFO_3_SIZE 232
#define DBG_MINIDUMP_MISC_INFO_4_SIZE 832

#ifndef MINIDUMP_THREAD_NAME_DEFINED
typedef struct _MINIDUMP_THREAD_NAME { ULONG ThreadId; RVA64 RvaOfThreadName; } MINIDUMP_THREAD_NAME;
typedef struct _MINIDUMP_THREAD_NAME_LIST
{
    ULONG NumberOfThreadNames;
    MINIDUMP_THREAD_NAME ThreadNames[0];
} MINIDUMP_THREAD_NAME_LIST;
#endif

typedef struct _DBG_MINIDUMP_HANDLE_DESCRIPTOR_2
{
    ULONG64 Handle;
    RVA TypeNameRva;
    RVA ObjectNameRva;
    ULONG32 Attributes;
    ULONG32 GrantedAccess;
    ULONG32 HandleCount;
    ULONG32 PointerCount;
    RVA ObjectInfoRva;
    ULONG32 Reserved0;
} DBG_MINIDUMP_HANDLE_DESCRIPTOR_2;

/* MINIDUMP_PROCESS_VM_COUNTERS_2 and its Flags. */
#define MINIDUMP_PROCESS_VM_COUNTERS             0x0001
#define MINIDUMP_PROCESS_VM_COUNTERS_VIRTUALSIZE 0x0002
#define MINIDUMP_PROCESS_VM_COUNTERS_EX          0x0004
#define MINIDUMP_PROCESS_VM_COUNTERS_EX2         0x0008
#define MINIDUMP_PROCESS_VM_COUNTERS_JOB         0x0010
typedef struct _DBG_MINIDUMP_PROCESS_VM_COUNTERS_2
{
    USHORT Revision;
    USHORT Flags;
    ULONG PageFaultCount;
    ULONG64 PeakWorkingSetSize;
    ULONG64 WorkingSetSize;
    ULONG64 QuotaPeakPagedPoolUsage;
    ULONG64 QuotaPagedPoolUsage;
    ULONG64 QuotaPeakNonPagedPoolUsage;
    ULONG64 QuotaNonPagedPoolUsage;
    ULONG64 PagefileUsage;
    ULONG64 PeakPagefileUsage;
    ULONG64 PeakVirtualSize;
    ULONG64 VirtualSize;
    ULONG64 PrivateUsage;
    ULONG64 PrivateWorkingSetSize;
    ULONG64 SharedCommitUsage;
    ULONG64 JobSharedCommitUsage;
    ULONG64 JobPrivateCommitUsage;
    ULONG64 JobPeakPrivateCommitUsage;
    ULONG64 JobPrivateCommitLimit;
    ULONG64 JobTotalCommitLimit;
} DBG_MINIDUMP_PROCESS_VM_COUNTERS_2;

/* The callback payloads mingw's MINIDUMP_CALLBACK_INPUT lacks, and the
 * output with Status in its union as Microsoft's header has it (mingw's
 * puts Status after the union). */
typedef struct _DBG_MINIDUMP_IO_CALLBACK
{
    HANDLE Handle;
    ULONG64 Offset;
    PVOID Buffer;
    ULONG BufferBytes;
} DBG_MINIDUMP_IO_CALLBACK;
typedef struct _DBG_MINIDUMP_READ_MEMORY_FAILURE_CALLBACK
{
    ULONG64 Offset;
    ULONG Bytes;
    HRESULT FailureStatus;
} DBG_MINIDUMP_READ_MEMORY_FAILURE_CALLBACK;
typedef struct _DBG_MINIDUMP_CALLBACK_INPUT
{
    ULONG ProcessId;
    HANDLE ProcessHandle;
    ULONG CallbackType;
    union
    {
        HRESULT Status;
        MINIDUMP_THREAD_CALLBACK Thread;
        MINIDUMP_THREAD_EX_CALLBACK ThreadEx;
        MINIDUMP_MODULE_CALLBACK Module;
        MINIDUMP_INCLUDE_THREAD_CALLBACK IncludeThread;
        MINIDUMP_INCLUDE_MODULE_CALLBACK IncludeModule;
        DBG_MINIDUMP_IO_CALLBACK Io;
        DBG_MINIDUMP_READ_MEMORY_FAILURE_CALLBACK ReadMemoryFailure;
        ULONG SecondaryFlags;
    };
} DBG_MINIDUMP_CALLBACK_INPUT;
typedef struct _DBG_MINIDUMP_CALLBACK_OUTPUT
{
    union
    {
        ULONG ModuleWriteFlags;
        ULONG ThreadWriteFlags;
        ULONG SecondaryFlags;
        struct { ULONG64 MemoryBase; ULONG MemorySize; };
        struct { BOOL CheckCancel; BOOL Cancel; };
        HANDLE Handle;
        struct { MINIDUMP_MEMORY_INFO VmRegion; BOOL Continue; };
        HRESULT Status;
    };
} DBG_MINIDUMP_CALLBACK_OUTPUT;

#include <poppack.h>

/* The type-information requests after TI_GET_CALLING_CONVENTION, which
 * mingw's IMAGEHLP_SYMBOL_TYPE_INFO ends at (Microsoft's dbghelp.h). */
#define TI_IS_CLOSE_EQUIV_TO ((IMAGEHLP_SYMBOL_TYPE_INFO)27)
#define TI_GTIEX_REQS_VALID ((IMAGEHLP_SYMBOL_TYPE_INFO)28)
#define TI_GET_VIRTUALBASEOFFSET ((IMAGEHLP_SYMBOL_TYPE_INFO)29)
#define TI_GET_VIRTUALBASEDISPINDEX ((IMAGEHLP_SYMBOL_TYPE_INFO)30)
#define TI_GET_IS_REFERENCE ((IMAGEHLP_SYMBOL_TYPE_INFO)31)
#define TI_GET_INDIRECTVIRTUALBASECLASS ((IMAGEHLP_SYMBOL_TYPE_INFO)32)
#define TI_GET_VIRTUALBASETABLETYPE ((IMAGEHLP_SYMBOL_TYPE_INFO)33)
#define TI_GET_OBJECTPOINTERTYPE ((IMAGEHLP_SYMBOL_TYPE_INFO)34)
#define DBG_TI_REQUEST_MAX 35

/* SymGetTypeInfoEx's parameters (Microsoft's dbghelp.h). */
#define IMAGEHLP_GET_TYPE_INFO_UNCACHED 0x00000001
#define IMAGEHLP_GET_TYPE_INFO_CHILDREN 0x00000002
typedef struct _DBG_IMAGEHLP_GET_TYPE_INFO_PARAMS
{
    ULONG SizeOfStruct;
    ULONG Flags;
    ULONG NumIds;
    PULONG TypeIds;
    ULONG64 TagFilter;
    ULONG NumReqs;
    IMAGEHLP_SYMBOL_TYPE_INFO *ReqKinds;
    PULONG_PTR ReqOffsets;
    PULONG ReqSizes;
    ULONG_PTR ReqStride;
    ULONG_PTR BufferSize;
    PVOID Buffer;
    ULONG EntriesMatched;
    ULONG EntriesFilled;
    ULONG64 TagsFound;
    ULONG64 AllReqsValid;
    ULONG NumReqsValid;
    PULONG64 ReqsValid;
} DBG_IMAGEHLP_GET_TYPE_INFO_PARAMS;

BOOL WINAPI SymGetTypeInfoEx(HANDLE, DWORD64, DBG_IMAGEHLP_GET_TYPE_INFO_PARAMS *);
BOOL WINAPI SymSetScopeFromIndex(HANDLE, ULONG64, DWORD);

#endif /* DBGHELP_EXT_H */
