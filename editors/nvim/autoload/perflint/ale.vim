" autoload/perflint/ale.vim - the ALE handler for perflint's text report.
"
" ale_linters/python/perflint.vim and ale_linters/c/perflint.vim define the
" linter; this file turns the report into ALE's loclist items. Each finding's
" first line is
"
"   path:line:column: severity: message [RULE]
"
" (the indented source, caret, fix and note lines after it are skipped).
" Columns in the report count code points; ALE wants byte columns, so they
" are converted with the buffer's line. Lines about other files are left
" out. Needs nothing from ALE, so it can be called on its own.

" The report's severity words as ALE types (as SARIF levels: critical and
" high are errors, medium warnings, low notes).
let s:type_of = {
\   'critical': 'E',
\   'high': 'E',
\   'error': 'E',
\   'medium': 'W',
\   'warning': 'W',
\   'low': 'I',
\}

" One finding line: path, line, column, severity, message, rule.
let s:pattern = '\v^(\S.{-}):(\d+):(\d+): (\a+): (.*) \[([A-Za-z0-9_-]+)\]$'

" Whether PATH, as printed by perflint (relative to the directory it ran in,
" or absolute), names the file of BUFFER.
function! s:IsBufferFile(buffer, path) abort
    let l:full = fnamemodify(bufname(a:buffer), ':p')
    if a:path[0] is# '/'
        return simplify(a:path) is# l:full
    endif
    let l:rel = simplify(a:path)
    return simplify(fnamemodify(l:rel, ':p')) is# l:full
    \   || l:full[-len(l:rel) - 1 :] is# '/' . l:rel
endfunction

" The byte column (1-based) of the code point at 1-based column COL of line
" LNUM of BUFFER.
function! s:ByteCol(buffer, lnum, col) abort
    let l:lines = getbufline(a:buffer, a:lnum)
    if empty(l:lines)
        return a:col
    endif
    let l:idx = byteidxcomp(l:lines[0], a:col - 1)
    return l:idx < 0 ? a:col : l:idx + 1
endfunction

" ALE callback: BUFFER's items in LINES, perflint's text report.
function! perflint#ale#Handle(buffer, lines) abort
    let l:output = []
    for l:line in a:lines
        let l:match = matchlist(l:line, s:pattern)
        if empty(l:match) || !s:IsBufferFile(a:buffer, l:match[1])
            continue
        endif
        let l:lnum = str2nr(l:match[2])
        call add(l:output, {
        \   'lnum': l:lnum,
        \   'col': s:ByteCol(a:buffer, l:lnum, str2nr(l:match[3])),
        \   'type': get(s:type_of, l:match[4], 'W'),
        \   'text': l:match[5],
        \   'code': l:match[6],
        \})
    endfor
    return l:output
endfunction
