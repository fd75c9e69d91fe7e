;;; collect-diagnostics.el --- run by EmacsTests.cs: Emacs + eglot against the GitOpsAi server, headless. -*- lexical-binding: t -*-
;; Debian's elpa-eglot lives outside the default load-path when Emacs starts with -Q.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'flymake)

;; The configuration the README gives: a yaml major mode and the server command.
(unless (fboundp 'yaml-mode) (define-derived-mode yaml-mode text-mode "YAML"))
(add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode))
(add-to-list 'eglot-server-programs
             `(yaml-mode . ("dotnet" ,(getenv "GITOPSAI_SERVER_DLL") "--stdio")))

;; A batch session has no VC project; treat the file's folder as the project.
(setq project-find-functions
      (list (lambda (_dir) (cons 'transient (file-name-directory (getenv "GITOPSAI_FILE"))))))

(find-file (getenv "GITOPSAI_FILE"))
(apply #'eglot (eglot--guess-contact))
(set-buffer (get-file-buffer (getenv "GITOPSAI_FILE")))

;; Flymake only asks for reports when forced in batch mode (no windows, no idle timers).
(let ((deadline (+ (float-time) 60)))
  (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
    (accept-process-output nil 0.2)
    (when (bound-and-true-p flymake-mode) (flymake-start nil t))))

(let ((lines (mapcar (lambda (d)
                       (format "%d\t%s\t%s\n"
                               (line-number-at-pos (flymake-diagnostic-beg d))
                               (flymake-diagnostic-type d)
                               (flymake-diagnostic-text d)))
                     (flymake-diagnostics))))
  (with-temp-file (getenv "GITOPSAI_OUT")
    (dolist (line lines) (insert line))))
(kill-emacs 0)
;;; collect-diagnostics.el ends here
