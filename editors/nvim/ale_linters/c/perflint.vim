" ale_linters/c/perflint.vim - perflint as an ALE linter for C.
"
" Runs `perflint --format text --quiet --no-color FILE` on the file on disk
" (perflint also reads other files of the project as context, and its
" .perflint.yml, so it lints the saved file: lint_file), and parses the
" report with perflint#ale#Handle. Options:
"   g:ale_c_perflint_executable  the perflint command (default 'perflint')
"   g:ale_c_perflint_options     extra arguments (default '')

call ale#Set('c_perflint_executable', 'perflint')
call ale#Set('c_perflint_options', '')

call ale#linter#Define('c', {
\   'name': 'perflint',
\   'executable': {b -> ale#Var(b, 'c_perflint_executable')},
\   'command': {b -> '%e --format text --quiet --no-color'
\       . ale#Pad(ale#Var(b, 'c_perflint_options')) . ' %s'},
\   'lint_file': 1,
\   'callback': 'perflint#ale#Handle',
\})
