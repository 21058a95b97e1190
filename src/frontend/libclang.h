/*
 * libclang.h - libclang, loaded when the first C file needs it.
 *
 * perflint does not link libclang: loading it (and the LLVM library it
 * pulls in) costs some 60 MB of memory and tens of milliseconds at every
 * start, which a run over Python files, a pre-commit hook or the language
 * server would pay for nothing. The functions the C frontend uses are
 * looked up with dlopen/dlsym on first use, and their names are macros
 * for the loaded pointers, so the code calls clang_getCursorKind(c) as if
 * it were linked. Include this header instead of <clang-c/...>.
 */
#ifndef PFL_LIBCLANG_H
#define PFL_LIBCLANG_H

#include <stdbool.h>

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>

/* Every libclang function perflint calls. */
#define PFL_LIBCLANG_FUNCTIONS(X) \
	X(clang_CompilationDatabase_dispose) \
	X(clang_CompilationDatabase_fromDirectory) \
	X(clang_CompilationDatabase_getAllCompileCommands) \
	X(clang_CompileCommand_getArg) \
	X(clang_CompileCommand_getDirectory) \
	X(clang_CompileCommand_getFilename) \
	X(clang_CompileCommand_getNumArgs) \
	X(clang_CompileCommands_dispose) \
	X(clang_CompileCommands_getCommand) \
	X(clang_CompileCommands_getSize) \
	X(clang_Cursor_Evaluate) \
	X(clang_Cursor_getArgument) \
	X(clang_Cursor_getNumArguments) \
	X(clang_Cursor_getStorageClass) \
	X(clang_Cursor_getVarDeclInitializer) \
	X(clang_Cursor_isNull) \
	X(clang_EvalResult_dispose) \
	X(clang_EvalResult_getAsLongLong) \
	X(clang_EvalResult_getKind) \
	X(clang_File_isEqual) \
	X(clang_Location_isFromMainFile) \
	X(clang_createIndex) \
	X(clang_disposeDiagnostic) \
	X(clang_disposeIndex) \
	X(clang_disposeString) \
	X(clang_disposeTranslationUnit) \
	X(clang_getArgType) \
	X(clang_getCString) \
	X(clang_getCanonicalType) \
	X(clang_getCursorDefinition) \
	X(clang_getCursorExtent) \
	X(clang_getCursorKind) \
	X(clang_getCursorLocation) \
	X(clang_getCursorReferenced) \
	X(clang_getCursorSpelling) \
	X(clang_getCursorType) \
	X(clang_getDiagnostic) \
	X(clang_getDiagnosticLocation) \
	X(clang_getDiagnosticSeverity) \
	X(clang_getDiagnosticSpelling) \
	X(clang_getExpansionLocation) \
	X(clang_getFile) \
	X(clang_getFileContents) \
	X(clang_getFileLocation) \
	X(clang_getFileName) \
	X(clang_getInclusions) \
	X(clang_getNullCursor) \
	X(clang_getNumArgTypes) \
	X(clang_getNumDiagnostics) \
	X(clang_getPointeeType) \
	X(clang_getRangeEnd) \
	X(clang_getRangeStart) \
	X(clang_getTranslationUnitCursor) \
	X(clang_isConstQualifiedType) \
	X(clang_isCursorDefinition) \
	X(clang_isExpression) \
	X(clang_parseTranslationUnit2) \
	X(clang_visitChildren)

/* The loaded functions. */
struct pfl_libclang {
#define PFL_LIBCLANG_FIELD(f) __typeof__(&f) f;
	PFL_LIBCLANG_FUNCTIONS(PFL_LIBCLANG_FIELD)
#undef PFL_LIBCLANG_FIELD
};
extern struct pfl_libclang pfl_libclang;

/*
 * Load libclang once (thread-safe). false, with an error naming the
 * library and the reason printed once, when it cannot be loaded.
 */
bool pfl_libclang_load(void);

/* From here on, clang_X(...) calls the loaded function (not in the loader itself). */
#ifndef PFL_LIBCLANG_LOADER
#define clang_CompilationDatabase_dispose (pfl_libclang.clang_CompilationDatabase_dispose)
#define clang_CompilationDatabase_fromDirectory (pfl_libclang.clang_CompilationDatabase_fromDirectory)
#define clang_CompilationDatabase_getAllCompileCommands (pfl_libclang.clang_CompilationDatabase_getAllCompileCommands)
#define clang_CompileCommand_getArg (pfl_libclang.clang_CompileCommand_getArg)
#define clang_CompileCommand_getDirectory (pfl_libclang.clang_CompileCommand_getDirectory)
#define clang_CompileCommand_getFilename (pfl_libclang.clang_CompileCommand_getFilename)
#define clang_CompileCommand_getNumArgs (pfl_libclang.clang_CompileCommand_getNumArgs)
#define clang_CompileCommands_dispose (pfl_libclang.clang_CompileCommands_dispose)
#define clang_CompileCommands_getCommand (pfl_libclang.clang_CompileCommands_getCommand)
#define clang_CompileCommands_getSize (pfl_libclang.clang_CompileCommands_getSize)
#define clang_Cursor_Evaluate (pfl_libclang.clang_Cursor_Evaluate)
#define clang_Cursor_getArgument (pfl_libclang.clang_Cursor_getArgument)
#define clang_Cursor_getNumArguments (pfl_libclang.clang_Cursor_getNumArguments)
#define clang_Cursor_getStorageClass (pfl_libclang.clang_Cursor_getStorageClass)
#define clang_Cursor_getVarDeclInitializer (pfl_libclang.clang_Cursor_getVarDeclInitializer)
#define clang_Cursor_isNull (pfl_libclang.clang_Cursor_isNull)
#define clang_EvalResult_dispose (pfl_libclang.clang_EvalResult_dispose)
#define clang_EvalResult_getAsLongLong (pfl_libclang.clang_EvalResult_getAsLongLong)
#define clang_EvalResult_getKind (pfl_libclang.clang_EvalResult_getKind)
#define clang_File_isEqual (pfl_libclang.clang_File_isEqual)
#define clang_Location_isFromMainFile (pfl_libclang.clang_Location_isFromMainFile)
#define clang_createIndex (pfl_libclang.clang_createIndex)
#define clang_disposeDiagnostic (pfl_libclang.clang_disposeDiagnostic)
#define clang_disposeIndex (pfl_libclang.clang_disposeIndex)
#define clang_disposeString (pfl_libclang.clang_disposeString)
#define clang_disposeTranslationUnit (pfl_libclang.clang_disposeTranslationUnit)
#define clang_getArgType (pfl_libclang.clang_getArgType)
#define clang_getCString (pfl_libclang.clang_getCString)
#define clang_getCanonicalType (pfl_libclang.clang_getCanonicalType)
#define clang_getCursorDefinition (pfl_libclang.clang_getCursorDefinition)
#define clang_getCursorExtent (pfl_libclang.clang_getCursorExtent)
#define clang_getCursorKind (pfl_libclang.clang_getCursorKind)
#define clang_getCursorLocation (pfl_libclang.clang_getCursorLocation)
#define clang_getCursorReferenced (pfl_libclang.clang_getCursorReferenced)
#define clang_getCursorSpelling (pfl_libclang.clang_getCursorSpelling)
#define clang_getCursorType (pfl_libclang.clang_getCursorType)
#define clang_getDiagnostic (pfl_libclang.clang_getDiagnostic)
#define clang_getDiagnosticLocation (pfl_libclang.clang_getDiagnosticLocation)
#define clang_getDiagnosticSeverity (pfl_libclang.clang_getDiagnosticSeverity)
#define clang_getDiagnosticSpelling (pfl_libclang.clang_getDiagnosticSpelling)
#define clang_getExpansionLocation (pfl_libclang.clang_getExpansionLocation)
#define clang_getFile (pfl_libclang.clang_getFile)
#define clang_getFileContents (pfl_libclang.clang_getFileContents)
#define clang_getFileLocation (pfl_libclang.clang_getFileLocation)
#define clang_getFileName (pfl_libclang.clang_getFileName)
#define clang_getInclusions (pfl_libclang.clang_getInclusions)
#define clang_getNullCursor (pfl_libclang.clang_getNullCursor)
#define clang_getNumArgTypes (pfl_libclang.clang_getNumArgTypes)
#define clang_getNumDiagnostics (pfl_libclang.clang_getNumDiagnostics)
#define clang_getPointeeType (pfl_libclang.clang_getPointeeType)
#define clang_getRangeEnd (pfl_libclang.clang_getRangeEnd)
#define clang_getRangeStart (pfl_libclang.clang_getRangeStart)
#define clang_getTranslationUnitCursor (pfl_libclang.clang_getTranslationUnitCursor)
#define clang_isConstQualifiedType (pfl_libclang.clang_isConstQualifiedType)
#define clang_isCursorDefinition (pfl_libclang.clang_isCursorDefinition)
#define clang_isExpression (pfl_libclang.clang_isExpression)
#define clang_parseTranslationUnit2 (pfl_libclang.clang_parseTranslationUnit2)
#define clang_visitChildren (pfl_libclang.clang_visitChildren)

#endif

#endif
