" ale_linters/python/perflint.vim - perflint as an ALE linter for Python.
"
" Runs `perflint --format text --quiet --no-color FILE` on the file on disk
" (perflint also reads other files of the project as context, and its
" .perflint.yml, so it lints the saved file: lint_file), and parses the
" report with perflint#ale#Handle. Options:
"   g:ale_python_perflint_executable  the perflint command (default 'perflint')
"   g:ale_python_perflint_options     extra arguments (default '')

call ale#Set('python_perflint_executable', 'perflint')
call ale#Set('python_perflint_options', '')

call ale#linter#Define('python', {
\   'name': 'perflint',
\   'executable': {b -> ale#Var(b, 'python_perflint_executable')},
\   'command': {b -> '%e --format text --quiet --no-color'
\       . ale#Pad(ale#Var(b, 'python_perflint_options')) . ' %s'},
\   'lint_file': 1,
\   'callback': 'perflint#ale#Handle',
\})
