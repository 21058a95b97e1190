;;; perflint.el --- perflint in Emacs: eglot, flymake and compile-mode  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: tools, languages, processes

;;; Commentary:

;; perflint finds performance anti-patterns in Python and C code (N+1
;; round trips, quadratic concatenation, list membership in loops,
;; blocking calls in async code).  This file connects it to Emacs three
;; ways; use one or more:
;;
;; - eglot: `perflint-eglot-setup' makes eglot start `perflint lsp' for
;;   Python and C buffers (diagnostics as you type, code actions that add
;;   suppression comments).  `M-x eglot' in such a buffer then starts it.
;;
;; - flymake: `perflint-flymake' is a flymake backend over perflint's text
;;   report; `perflint-flymake-setup' adds it in the current buffer, e.g.
;;   from `python-mode-hook' and `c-mode-hook'.  perflint reads the file on
;;   disk, so it checks the saved text (see README.md for an on-save setup).
;;
;; - compile-mode: `perflint-compile-setup' teaches compile-mode the
;;   report's lines, so that `M-x compile RET perflint src/' links every
;;   finding (and its notes); `M-x perflint-compile' does both.
;;
;; Each finding's first line in the text report is the one gcc writes:
;;
;;   path:line:column: severity: message [RULE]
;;
;; followed by indented source, caret, fix and note lines.  Columns count
;; characters.

;;; Code:

(require 'compile)
(require 'flymake)
(require 'subr-x)

(defgroup perflint nil
  "Performance anti-patterns in Python and C, found by perflint."
  :group 'tools
  :prefix "perflint-")

(defcustom perflint-executable "perflint"
  "The perflint command: a program name on `exec-path' or a file name."
  :type 'string)

(defcustom perflint-args nil
  "Extra command-line arguments for `perflint-flymake' and `perflint-compile'.
They come before the file name, e.g. (\"--select=PFL1,PFL4\")."
  :type '(repeat string))

(defcustom perflint-lsp-args nil
  "Extra arguments for the language server, after `perflint lsp'.
The server takes its settings from the project's .perflint.yml, not from
arguments."
  :type '(repeat string))

(defconst perflint-major-modes '(python-mode python-ts-mode c-mode c-ts-mode)
  "Major modes of the files perflint analyses.")


;;;; eglot

(defun perflint-eglot-contact (&optional _interactive)
  "The command eglot runs for the perflint language server."
  (append (list perflint-executable "lsp") perflint-lsp-args))

;;;###autoload
(defun perflint-eglot-setup ()
  "Make eglot use `perflint lsp' for Python and C buffers.
The entry goes first in `eglot-server-programs', so it replaces any other
server for those modes in eglot (which runs one server per buffer)."
  (interactive)
  (require 'eglot)
  (add-to-list 'eglot-server-programs
               (cons perflint-major-modes #'perflint-eglot-contact)))


;;;; compile-mode

(defconst perflint-compilation-regexp
  (list (concat "^\\([^ \t\n][^:\n]*\\):\\([0-9]+\\):\\([0-9]+\\): "
                "\\(?:critical\\|high\\|error\\|\\(medium\\|warning\\)\\|\\(low\\)\\): ")
        1 2 3 '(4 . 5))
  "A finding's first line: FILE LINE COLUMN, and its type from the severity.
Critical, high and error are errors, medium and warning are warnings, low
is information.")

(defconst perflint-compilation-note-regexp
  (list "^  note: \\([^ \t\n][^:\n]*\\):\\([0-9]+\\):\\([0-9]+\\): " 1 2 3 0)
  "A note line under a finding: a related place, as information.")

;;;###autoload
(defun perflint-compile-setup ()
  "Teach compile-mode perflint's findings and notes.
They go first in `compilation-error-regexp-alist', ahead of the `gnu' entry
that would otherwise take the findings (without their severity)."
  (interactive)
  (add-to-list 'compilation-error-regexp-alist-alist
               (cons 'perflint-note perflint-compilation-note-regexp))
  (add-to-list 'compilation-error-regexp-alist-alist
               (cons 'perflint perflint-compilation-regexp))
  (add-to-list 'compilation-error-regexp-alist 'perflint-note)
  (add-to-list 'compilation-error-regexp-alist 'perflint))

;;;###autoload
(defun perflint-compile (paths)
  "Run perflint on PATHS (shell words) and show its report in compile-mode.
Interactively, PATHS defaults to the current buffer's file."
  (interactive
   (list (read-string "Run perflint on: "
                      (and buffer-file-name
                           (shell-quote-argument
                            (file-relative-name buffer-file-name))))))
  (perflint-compile-setup)
  (let ((buffer (compile (mapconcat #'identity
                                    (append (list (shell-quote-argument perflint-executable)
                                                  "--format" "text" "--no-color")
                                            (mapcar #'shell-quote-argument perflint-args)
                                            (list paths))
                                    " "))))
    ;; perflint's columns count characters, not screen columns.
    (with-current-buffer buffer
      (setq-local compilation-error-screen-columns nil))
    buffer))


;;;; flymake

(defvar-local perflint--flymake-process nil
  "The perflint process of the buffer's latest flymake check.")

(defconst perflint--finding-regexp
  (concat "^\\([^ \t\n][^\n]*?\\):\\([0-9]+\\):\\([0-9]+\\): "
          "\\([a-z]+\\): \\(.*\\) \\[\\([A-Za-z0-9_-]+\\)\\]$")
  "A finding's first line: file, line, column, severity, message, rule.")

(defun perflint--flymake-type (severity)
  "The flymake diagnostic type for perflint's SEVERITY word."
  (cond ((member severity '("critical" "high" "error")) :error)
        ((member severity '("medium" "warning")) :warning)
        (t :note)))

(defun perflint--flymake-diagnostics (source file directory)
  "The flymake diagnostics for buffer SOURCE in the current buffer's report.
FILE is SOURCE's file; paths in the report are relative to DIRECTORY."
  (let (diagnostics)
    (goto-char (point-min))
    (while (re-search-forward perflint--finding-regexp nil t)
      (let ((path (match-string 1))
            (line (string-to-number (match-string 2)))
            (column (string-to-number (match-string 3)))
            (severity (match-string 4))
            (message (match-string 5))
            (rule (match-string 6)))
        (when (file-equal-p (expand-file-name path directory) file)
          (let ((region (flymake-diag-region source line column)))
            (when region
              (push (flymake-make-diagnostic source (car region) (cdr region)
                                             (perflint--flymake-type severity)
                                             (format "%s [%s]" message rule))
                    diagnostics))))))
    (nreverse diagnostics)))

;;;###autoload
(defun perflint-flymake (report-fn &rest _args)
  "Flymake backend: perflint's findings in the current buffer's file.
perflint reads the file on disk, so a buffer with unsaved changes gets
no diagnostics until it is saved.  Call REPORT-FN with the diagnostics."
  (unless (executable-find perflint-executable)
    (error "Cannot find the perflint executable `%s'" perflint-executable))
  (when (process-live-p perflint--flymake-process)
    (kill-process perflint--flymake-process))
  (let ((source (current-buffer))
        (file buffer-file-name))
    (if (or (null file) (buffer-modified-p))
        (funcall report-fn nil)
      (let* ((default-directory (file-name-directory file))
             (directory default-directory)
             (stderr (generate-new-buffer " *perflint-flymake-stderr*")))
        (setq perflint--flymake-process
              (make-process
               :name "perflint-flymake"
               :noquery t
               :connection-type 'pipe
               :buffer (generate-new-buffer " *perflint-flymake*")
               :stderr stderr
               :command (append (list perflint-executable
                                      "--format" "text" "--quiet" "--no-color")
                                perflint-args
                                (list file))
               :sentinel
               (lambda (process _event)
                 (when (memq (process-status process) '(exit signal))
                   (unwind-protect
                       (if (not (and (buffer-live-p source)
                                     (eq process (buffer-local-value
                                                  'perflint--flymake-process source))))
                           (flymake-log :warning "perflint: dropping an obsolete check")
                         (let ((diagnostics (with-current-buffer (process-buffer process)
                                              (perflint--flymake-diagnostics
                                               source file directory)))
                               (status (process-exit-status process)))
                           (if (or (memq status '(0 1)) diagnostics)
                               (funcall report-fn diagnostics)
                             (funcall report-fn :panic
                                      :explanation
                                      (format "perflint exited with status %s: %s" status
                                              (with-current-buffer stderr
                                                (string-trim (buffer-string))))))))
                     (kill-buffer (process-buffer process))
                     (when (buffer-live-p stderr)
                       (kill-buffer stderr)))))))))))

;;;###autoload
(defun perflint-flymake-setup ()
  "Add the perflint backend to flymake in the current buffer.
For `python-mode-hook' and `c-mode-hook'; turn on `flymake-mode' too."
  (add-hook 'flymake-diagnostic-functions #'perflint-flymake nil t))

(provide 'perflint)

;;; perflint.el ends here
