" compiler/perflint.vim - :compiler perflint, for :make and the quickfix list.
"
"   :compiler perflint
"   :make %          " this file
"   :make src/       " a directory
"
" Runs perflint's text report; each finding's first line
" "path:line:column: severity: message [RULE]" becomes a quickfix entry,
" and the indented source, caret, fix and note lines are skipped.
" Columns count code points, so on a line with non-ASCII text before the
" finding the cursor may land a few bytes early.

if exists('current_compiler')
  finish
endif
let current_compiler = 'perflint'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

CompilerSet makeprg=perflint\ --format\ text\ --quiet\ --no-color
CompilerSet errorformat=%-G\ %.%#,%f:%l:%c:\ %m,%-G%.%#
