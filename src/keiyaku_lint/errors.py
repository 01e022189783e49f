"""Every failure a user can meet has a stable code and a message in Japanese
and English that says what to do next.

Codes by stage: E1xx load, E2xx structure, E3xx clause library / analysis,
E4xx configuration / reports / batch, E5xx generate, E6xx the web app and
HTTP API. The catalogue is one
table so codes stay unique and stable; ``tests/test_errors.py`` checks that.
"""
from __future__ import annotations

from typing import Optional

# code -> (Japanese, English). Messages may use {path} and other fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- E1xx: loading a file -------------------------------------------
    "E101": ("ファイルが見つかりません: {path}。パスを確認してください。",
             "File not found: {path}. Check the path."),
    "E102": ("ファイルを読み取れません: {path}（{reason}）。アクセス権を確認してください。",
             "Cannot read the file: {path} ({reason}). Check its permissions."),
    "E103": ("対応していない形式です: {path}。対応形式は .docx（.docm / .dotx / .dotm）/ .pdf / .txt / .md です。",
             "Unsupported format: {path}. Supported formats: .docx (.docm, .dotx, .dotm), .pdf, .txt, .md."),
    "E104": ("ファイルが空です: {path}。中身のあるファイルを指定してください。",
             "The file is empty: {path}. Give a file with content."),
    "E105": ("旧形式の Word 文書（.doc）です: {path}。Word で .docx 形式に保存し直してから再実行してください。",
             "This is a legacy Word document (.doc): {path}. Save it as .docx in Word and run again."),
    "E106": ("パスワードで保護されたファイルです: {path}。保護を解除してから再実行してください。",
             "The file is password-protected: {path}. Remove the protection and run again."),
    "E107": ("DOCX ファイルが壊れています: {path}（{reason}）。Word で開き直して保存してから再実行してください。",
             "The DOCX file is broken: {path} ({reason}). Open it in Word, save it again and rerun."),
    "E108": ("ファイルの中身が拡張子と一致しません: {path}（中身は {actual} のようです）。正しい拡張子で保存し直してください。",
             "The file's content does not match its extension: {path} (it looks like {actual}). Save it with the right extension."),
    "E109": ("ファイルが大きすぎます: {path}（{reason}）。分割するか、本文だけを保存してから再実行してください。",
             "The file is too large: {path} ({reason}). Split it, or save only the body text, and run again."),
    "E110": ("PDF ファイルが壊れています: {path}（{reason}）。PDF を作り直してから再実行してください。",
             "The PDF file is broken: {path} ({reason}). Make the PDF again and rerun."),
    "E111": ("テキストのないPDFです（スキャン画像の可能性）: {path}。{hint}。または元の Word ファイルを指定してください。",
             "The PDF has no text layer (probably a scan): {path}. {hint}; or give the original Word file."),
    "E112": ("PDF の文字を正しく取り出せません（フォントに文字情報がありません）: {path}。元の Word ファイルを指定するか、PDF を作り直してください。",
             "The PDF's text cannot be extracted (its fonts carry no character map): {path}. Give the original Word file or make the PDF again."),
    "E113": ("テキストファイルの文字コードを判別できません: {path}。UTF-8 で保存し直してください。",
             "Cannot tell the text file's encoding: {path}. Save it as UTF-8."),
    "E114": ("本文が見つかりません: {path}。契約書の本文を含むファイルを指定してください。",
             "No body text found: {path}. Give a file that contains the contract's text."),
    "E115": ("フォルダです（ファイルではありません）: {path}。ファイルを指定するか check にフォルダとして渡してください。",
             "This is a folder, not a file: {path}. Give a file, or pass the folder to check."),
    "E116": ("安全でない内容を含むファイルです: {path}（{reason}）。信頼できる作成元のファイルか確認してください。",
             "The file contains unsafe content: {path} ({reason}). Check that it comes from a trusted source."),
    "E117": ("読み込みに時間がかかりすぎました: {path}（{seconds} 秒で打ち切り）。ファイルを分割してから再実行してください。",
             "Reading the file took too long: {path} (stopped after {seconds} s). Split the file and run again."),
    "E118": ("ファイルを読み込めませんでした: {path}（{reason}）。",
             "Could not load the file: {path} ({reason})."),
    "E120": ("PDF の {page} ページの文字を読む順序を決められないため、判定しません（{reason}）: {path}。元の Word ファイルを指定するか、PDF を作り直してください（スキャンの OCR なら、ページの向きと傾きを直してから OCR をやり直してください）。",
             "Cannot tell the reading order of page {page} of the PDF ({reason}), so the file is not judged: {path}. Give the original Word file or make the PDF again (for a scan with OCR, straighten the pages and run OCR again)."),
    "E121": ("PDF の {pages} ページの文字を正しく取り出せません（フォントに文字情報がありません）: {path}。そのページの条項を検査できないため判定しません。元の Word ファイルを指定するか、PDF を作り直してください。",
             "The text of page(s) {pages} of the PDF cannot be extracted (their fonts carry no character map): {path}. Clauses on those pages cannot be checked, so the file is not judged. Give the original Word file or make the PDF again."),
    # --- E130-E139: OCR (scans and image files) ---
    "E130": ("画像ファイル（{kind}）です: {path}。画像の契約書は OCR で読みますが、OCR を使えません。{hint}。",
             "This is an image file ({kind}): {path}. Image contracts are read with OCR, which is not available. {hint}."),
    "E131": ("スキャン画像から文字を読み取れませんでした（{pages} ページ）: {path}。文字の写っていない画像か、読み取れないほど不鮮明です。判定していません。スキャンし直すか、元の Word ファイルを指定してください。",
             "OCR found no text in the scanned image (page(s) {pages}): {path}. The image shows no text, or is too unclear to read; the file is not judged. Scan it again, or give the original Word file."),
    "E132": ("スキャン画像の文字の大部分を読み取れませんでした（OCR の平均信頼度 {confidence}%、基準 {threshold}%）: {path}。読めない本文で「なし」と判定しないよう、判定していません。300 dpi 程度でまっすぐスキャンし直すか、元の Word ファイルを指定してください。",
             "Most of the scanned text could not be read (OCR mean confidence {confidence}%, threshold {threshold}%): {path}. The file is not judged, so that nothing unread is called missing. Scan it again straight at about 300 dpi, or give the original Word file."),
    "E133": ("OCR（Tesseract）が失敗しました: {path}（{reason}）。Tesseract と日本語データの導入を確かめてください。",
             "OCR (Tesseract) failed on {path} ({reason}). Check the installation of Tesseract and its Japanese data."),
    "E134": ("{page} ページの OCR が {seconds} 秒で終わらなかったため打ち切りました: {path}。ページを分割するか、解像度を下げてスキャンし直してください。",
             "OCR of page {page} did not finish within {seconds} s and was stopped: {path}. Split the file, or scan it again at a lower resolution."),
    "E135": ("画像ファイルが壊れているか、読めない形式です: {path}（{reason}）。PNG / JPEG / TIFF で保存し直してください。",
             "The image file is broken or in a form that cannot be read: {path} ({reason}). Save it again as PNG, JPEG or TIFF."),
    # --- E3xx: clause library and analysis --------------------------------
    "E301": ("条項ライブラリの定義に誤りがあります: {path} の {key}（{problem}）。ファイルを修正してください。",
             "The clause library has an error: {path}, key {key} ({problem}). Fix the file."),
    "E302": ("条項ライブラリのファイルを読めません: {path}（{reason}）。YAML の書式を確認してください。",
             "Cannot read the clause library file: {path} ({reason}). Check its YAML syntax."),
    "E303": ("プロファイル「{profile}」はありません。使えるプロファイル: {known}。",
             "There is no profile \"{profile}\". Known profiles: {known}."),
    "E304": ("条項「{clause}」の定義が見つかりません（{where} で指定）。条項ファイルを追加するか指定を外してください。",
             "No definition for clause \"{clause}\" (named in {where}). Add its file or remove it."),
    "E305": ("条項ライブラリのフォルダがありません: {path}。設定の clause_dirs を確認してください。",
             "The clause library folder does not exist: {path}. Check clause_dirs in the configuration."),
    "E306": ("日本語解析モデル（GiNZA: ja_ginza）を読み込めません（{reason}）。`python -m pip install ja-ginza` を実行してください。",
             "Cannot load the Japanese model (GiNZA: ja_ginza) ({reason}). Run `python -m pip install ja-ginza`."),
    "E307": ("解析中に予期しないエラーが発生しました: {path}（{reason}）。この出力を添えて報告してください。",
             "An unexpected error occurred while analysing {path} ({reason}). Please report it with this output."),
    "E308": ("日本語の契約書として読める本文がありません: {path}。日本語の契約書か、文字が正しく取り出せるファイルか確認してください。",
             "No Japanese contract text to analyse: {path}. Check that it is a Japanese contract and that its text can be extracted."),
    "E309": ("条項ファイル {clause_file} の正規表現（{key}）の照合が {seconds} 秒で終わりませんでした: {path}。その正規表現を見直してください（入れ子の繰り返し (.+)+ などは避けてください）。",
             "The regular expression {key} of the clause file {clause_file} did not finish within {seconds} s on {path}. Review that expression (avoid nested repetition such as (.+)+)."),
    "E310": ("検査が制限時間（{seconds} 秒）内に終わりませんでした: {path}。ファイルを分割するか、--timeout で制限時間を延ばしてください。",
             "Checking {path} did not finish within the time limit ({seconds} s). Split the file, or raise the limit with --timeout."),
    "E311": ("検査に必要なメモリが上限（{limit} MB）を超えました: {path}。ファイルを分割するか、--memory-limit で上限を上げてください。",
             "Checking {path} needed more memory than the limit ({limit} MB). Split the file, or raise the limit with --memory-limit."),
    "E312": ("このファイルの検査中に検査プロセスが異常終了しました（{how}）: {path}。ほかのファイルの検査は続けました。繰り返す場合はこの出力を添えて報告してください。",
             "The worker process checking {path} ended abnormally ({how}). The other files were still checked. If it happens again, please report it with this output."),
    # --- E4xx: configuration, reports and batch runs ------------------------
    "E401": ("設定ファイル {path} に不明な項目「{key}」があります。使える項目: {known}。綴りを確認してください。",
             "Unknown key \"{key}\" in the configuration file {path}. Known keys: {known}. Check the spelling."),
    "E402": ("設定ファイル {path} の「{key}」の値が正しくありません（{problem}）。値を修正してください。",
             "Bad value for \"{key}\" in the configuration file {path} ({problem}). Fix the value."),
    "E403": ("設定ファイルを読めません: {path}（{reason}）。TOML の書式を確認してください。",
             "Cannot read the configuration file: {path} ({reason}). Check its TOML syntax."),
    "E404": ("設定ファイルが見つかりません: {path}。--config に渡したパスを確認してください。",
             "Configuration file not found: {path}. Check the path given to --config."),
    "E405": ("{where} の「{key}」で指定された条項「{clause}」はありません。`keiyaku-lint rules` で条項 ID を確認してください。",
             "Clause \"{clause}\" named in \"{key}\" ({where}) does not exist. Run `keiyaku-lint rules` to see the clause ids."),
    "E406": ("検査対象のファイルが見つかりません: {paths}（対象: {globs}）。パスか --glob を確認してください。",
             "No files to check in {paths} (looking for {globs}). Check the paths or --glob."),
    "E407": ("出力ファイルを書き込めません: {path}（{reason}）。書き込み先のフォルダとアクセス権を確認してください。",
             "Cannot write the output file: {path} ({reason}). Check the folder and its permissions."),
    "E408": ("{path} は既にあります。上書きはしません。別の場所で実行するか、既存のファイルを編集してください。",
             "{path} already exists; it is not overwritten. Run elsewhere or edit the existing file."),
    "E409": ("条項「{clause}」はありません。使える条項: {known}。",
             "There is no clause \"{clause}\". Known clauses: {known}."),
    "E410": ("コメント付きの Word ファイルを作れませんでした: {path}（{reason}）。元のファイルは変更していません。",
             "Could not write the commented Word file for {path} ({reason}). The original file is unchanged."),
    "E411": ("出力先 {path} は検査するファイル {input} そのものです。上書きすると原本が失われるため、何も書いていません。-o には別の名前を指定してください。",
             "The output {path} is the file being checked ({input}); writing it would destroy the original, so nothing was written. Give -o another name."),
    "E412": ("出力先 {path} は検査するフォルダ {folder} の中にあります。次の検査で契約書と一緒に読まれてしまうため、書いていません。フォルダの外を指定してください（例: -o ../{name}）。",
             "The output {path} is inside the folder being checked ({folder}), where the next run would read it as a contract; nothing was written. Give a path outside that folder (for example -o ../{name})."),
    "E413": ("出力先 {path} の拡張子 {ext} は出力形式 {format} と合いません。{format} 形式なら {expected} を付けるか、拡張子に合う --format を指定してください（.txt / .json / .csv / .html / .sarif）。",
             "The output {path} has the extension {ext}, which does not match the format {format}. Use {expected} for {format}, or a --format that matches the extension (.txt / .json / .csv / .html / .sarif)."),
    "E414": ("コマンドの指定に誤りがあります: {problem} {hint}。",
             "Invalid command line: {problem} {hint}."),
    "E499": ("予期しないエラーが発生しました{where}（{reason}）。この出力を添えて報告してください。入力ファイルは変更していません。",
             "An unexpected error occurred{where} ({reason}). Please report it with this output. No input file was changed."),
    # --- E5xx: generate ------------------------------------------------------------
    "E501": ("データファイルが見つかりません: {path}。--data に渡したパスを確認してください。",
             "Data file not found: {path}. Check the path given to --data."),
    "E502": ("データファイルを読めません: {path}（{reason}）。{hint}",
             "Cannot read the data file: {path} ({reason}). {hint}"),
    "E503": ("テンプレート「{name}」はありません。使えるテンプレート: {known}。`keiyaku-lint generate --list` で確認できます。",
             "There is no template \"{name}\". Known templates: {known}. See `keiyaku-lint generate --list`."),
    "E504": ("「{label}」（{field}）の値が正しくありません: {problem}。",
             "Field \"{field}\" ({label}) {problem_en}."),
    "E505": ("必須項目「{description}」（{field}）がありません。{write}。",
             "Required field \"{field}\" ({description_en}) is missing: {write}."),
    "E506": ("不明な項目「{field}」があります。{suggestion}",
             "Unknown field \"{field}\". {suggestion}"),
    "E507": ("出力先 {path} は既にあります。上書きするには --force を付けてください。",
             "The output {path} already exists. Add --force to overwrite it."),
    "E508": ("テンプレートを開けません: {path}（{reason}）。Word 形式（.docx）のテンプレートを指定してください。",
             "Cannot open the template: {path} ({reason}). Give a Word (.docx) template."),
    "E509": ("テンプレート {path} に、データで埋まらない項目があります: {fields}。データに加えるか、テンプレートから外してください。",
             "The template {path} uses fields the data does not fill: {fields}. Add them to the data or remove them from the template."),
    "E510": ("テンプレート {path} の書式に誤りがあります（{reason}）。{{{{ }}}} や {{% %}} の対応を確認してください。",
             "The template {path} has a syntax error ({reason}). Check that its {{{{ }}}} and {{% %}} tags are balanced."),
    "E511": ("生成した文書が {profile} プロファイルの検査に合格しません: {clauses}。テンプレートかデータを見直してください（ファイルは書き出していません）。",
             "The generated document does not pass the {profile} profile: {clauses_en}. Review the template or the data (nothing was written)."),
    "E512": ("テンプレート {path} が、文書にない条を参照しています: {keys}（文書にある条: {known}）。ref() の指定を見直してください。",
             "The template {path} refers to articles the document does not have: {keys} (articles present: {known}). Fix its ref() calls."),
    "E513": ("出力ファイルを書き込めません: {path}（{reason}）。書き込み先のフォルダとアクセス権を確認してください。",
             "Cannot write the output file: {path} ({reason}). Check the folder and its permissions."),
    "E514": ("テンプレート {path} を展開できません（{reason}）。テンプレートを見直してください。",
             "Cannot render the template {path} ({reason}). Review the template."),
    "E515": ("--data がありません。データファイルを --data で指定するか（記入例は --example）、-i を付けて1項目ずつ質問に答えてください（端末から実行すると -i がなくても質問します）。記入用の空欄の様式なら --blank です。",
             "No --data given. Pass a data file with --data (--example prints one), or add -i to answer the fields one by one (on a terminal it asks without -i). For a blank form, use --blank."),
    "E516": ("生成した文書を検査できませんでした（{reason}）。この出力を添えて報告してください。",
             "Could not check the generated document ({reason}). Please report it with this output."),
    "E517": ("テンプレート {path} に問題が {count} 件あります。上の一覧を見て修正してください。",
             "The template {path} has {count} problem(s). Fix those listed above."),
    "E518": ("データファイル {path} は通常のファイルではありません（{kind}）。YAML か TOML で書いたファイルを --data に指定してください。",
             "The data file {path} is not a regular file ({kind}). Give --data a file written in YAML or TOML."),
    "E519": ("出力ファイル名 {path} の拡張子が「{suffix}」です。{what}ので、{expected} で終わる名前にしてください。{hint}",
             "The output name {path} ends in \"{suffix}\". {what}, so give a name ending in {expected}. {hint}"),
    "E520": ("出力先 {path} は入力の{role}（{input}）と同じファイルです。入力を壊さないよう、--force があっても書き込みません。別の名前を指定してください。",
             "The output {path} is the same file as the input {role} ({input}). It is never overwritten, not even with --force: give another name."),
    "E521": ("テンプレート {path} の展開が {seconds} 秒で終わらないため打ち切りました（終わらない繰り返しの可能性があります）。テンプレートの {{% for %}} やマクロを見直してください。ファイルは書き出していません。",
             "Rendering the template {path} did not finish within {seconds} s and was stopped (an endless loop?). Review its {{% for %}} loops and macros. Nothing was written."),
    "E522": ("テンプレート {path} の展開が上限を超えたため中止しました（{reason}）。テンプレートを見直してください。ファイルは書き出していません。",
             "Rendering the template {path} was stopped at a limit ({reason}). Review the template. Nothing was written."),
    "E523": ("生成した文書が大きすぎるため書き出しません（{reason}）。このままでは keiyaku-lint check でも読めません。{hint}",
             "The generated document is too large to write ({reason}): keiyaku-lint check could not read it either. {hint}"),
    "E524": ("記入例を標準出力に書けません（標準出力の文字コード {encoding} で表せない文字があります）。--example -o 記入例.yaml のようにファイルに保存してください（UTF-8 で書きます）。",
             "Cannot print the example to standard output (its encoding {encoding} cannot represent some characters). Save it to a file with --example -o example.yaml (written as UTF-8)."),
    "E525": ("データに {count} 件の問題があります。すべて直してから再実行してください:\n{problems}",
             "The data has {count} problems. Fix them all and run again:\n{problems}"),
    "E526": ("予期しないエラーのため文書を作成できませんでした（{what}。{reason}）。ファイルは書き出していません。この出力を添えて報告してください。",
             "An unexpected error stopped the generation ({what}; {reason}). Nothing was written. Please report it with this output."),
    "E527": ("DOCX（バイナリ）は端末に出力できません: {path}。-o 契約書.docx のようにファイル名を指定するか、リダイレクトしてください。",
             "A DOCX (binary) cannot be written to a terminal: {path}. Give a file name such as -o contract.docx, or redirect."),
    # --- E6xx: the web app and HTTP API ------------------------------------
    "E601": ("アップロードされたファイル {name} が大きすぎます（上限 {limit} MB）。ファイルを分割するか、サーバーを --max-upload-mb で起動し直してください。",
             "The uploaded file {name} is too large (the limit is {limit} MB). Split it, or restart the server with a higher --max-upload-mb."),
    "E602": ("一度に送れるファイルは {limit} 件までです（{count} 件送られました）。分けて送るか、サーバーを --max-files で起動し直してください。",
             "At most {limit} files can be sent at once ({count} were sent). Send them in parts, or restart the server with a higher --max-files."),
    "E603": ("検査するファイルがありません。multipart/form-data の file 欄にファイルを付けて送ってください。",
             "No file to check. Send the file(s) in the file field of a multipart/form-data request."),
    "E604": ("リクエストの形式が正しくありません（{reason}）。{hint}",
             "The request is malformed ({reason}). {hint}"),
    "E605": ("このサーバーにはトークンが必要です。Authorization: Bearer トークン を付けるか、起動時に表示されたトークン付きのアドレスを開いてください。",
             "This server needs its token. Send Authorization: Bearer TOKEN, or open the address with the token that the server printed at start."),
    "E606": ("別のサイトからのリクエスト、または確認用トークン（CSRF）のないリクエストは受け付けません。このサーバーのページを開き直してから操作してください。",
             "A request from another site, or without the page's check token (CSRF), is refused. Reload this server's page and try again."),
    "E607": ("ホスト名 {host} 宛てのリクエストは受け付けません（DNS リバインディング対策）。http://127.0.0.1:{port}/ で開いてください。",
             "A request for the host name {host} is refused (protection against DNS rebinding). Open http://127.0.0.1:{port}/ instead."),
    "E608": ("見つかりません: {what}。検査結果はサーバーを止めるか時間が経つと消えます。もう一度検査してください。",
             "Not found: {what}. Results are kept only while the server runs, for a limited time; check the file again."),
    "E609": ("このアドレスでは {method} は使えません。使えるのは {allowed} です。",
             "{method} is not allowed here; use {allowed}."),
    "E610": ("コメント付きのコピーは Word（.docx / .docm / .dotx / .dotm）のファイルにだけ作れます: {name}。",
             "Commented copies can be made of Word files (.docx, .docm, .dotx, .dotm) only: {name}."),
    "E611": ("契約書ではないため、コメント付きのコピーは作りません: {name}。",
             "Not a contract, so no commented copy is made: {name}."),
    "E612": ("--host {host} はこのコンピューター以外からも接続できるアドレスです。--token（または環境変数 KEIYAKU_LINT_TOKEN）でトークンを指定しないと起動しません。",
             "--host {host} can be reached from other computers: the server does not start without a token (--token, or the KEIYAKU_LINT_TOKEN environment variable)."),
    "E613": ("{host}:{port} で待ち受けできません（{reason}）。別のポートを --port で指定するか、動いている keiyaku-lint serve を止めてください。",
             "Cannot listen on {host}:{port} ({reason}). Choose another port with --port, or stop the keiyaku-lint serve already running."),
    "E614": ("検査プロセスを起動できません（{reason}）。サーバーを起動し直してください。",
             "The worker processes could not be started ({reason}). Restart the server."),
    "E615": ("トークンが短すぎます（{length} 文字）。推測されないよう 16 文字以上にしてください。",
             "The token is too short ({length} characters): use 16 characters or more so it cannot be guessed."),
    "E616": ("サーバーが停止中のため処理できませんでした。サーバーを起動し直してから再実行してください。",
             "The server is stopping, so the request was not processed. Start the server again and retry."),
    "E699": ("サーバーで予期しないエラーが発生しました（{reason}）。この出力を添えて報告してください。",
             "An unexpected error occurred in the server ({reason}). Please report it with this output."),
}


# --- notices: per-file notes (model.Notice), not failures ---------------------
# W1xx: the loader skipped or specially read some text; W3xx: hints about the
# check. A notice never changes a verdict by itself; it says what to look at.
NOTICES: dict[str, tuple[str, str]] = {
    # --- W10x-W11x: DOCX loader
    "W101": ("埋め込まれた文書（altChunk、{kind}）{count} 件を読めませんでした。その中の条項は検査していません。Word で開いて保存し直す（埋め込み部分が通常の本文になります）か、その部分を本文に書き写してから再実行してください。",
             "{count} embedded document(s) (altChunk, {kind}) could not be read; clauses in them were not checked. Open the file in Word and save it again (the embedded part becomes normal body text), or copy that part into the body, and run again."),
    "W102": ("埋め込まれた文書（altChunk、{kind}）{count} 件を、置かれた位置の本文として読みました。Word での段落の区切りと異なる場合があるので、根拠の引用を確認してください。",
             "{count} embedded document(s) (altChunk, {kind}) were read as body text where they stand. Paragraph breaks may differ from Word's; check the quoted evidence."),
    "W103": ("脚注・文末脚注 {count} 件を、参照している段落の直後に本文として読みました（その条の一部として検査しています）。",
             "{count} footnote(s) / endnote(s) were read as body text right after the paragraph that refers to them (checked as part of that article)."),
    "W104": ("ヘッダー・フッターに本文のような文が {count} 段落あります（例:「{sample}」）。ヘッダー・フッターは検査していません。条項にあたる文であれば本文に移してから再実行してください。",
             "The headers / footers hold {count} paragraph(s) that read like contract text (e.g. \"{sample}\"). Headers and footers are not checked; if this is clause text, move it into the body and run again."),
    "W105": ("埋め込みオブジェクト {count} 件（{kinds}）の中の文字は検査していません。条項が含まれる場合は本文に書き写してから再実行してください。",
             "The text inside {count} embedded object(s) ({kinds}) was not checked. If they hold clause text, copy it into the body and run again."),
    "W106": ("表示できない文字 {count} 個（制御文字、サロゲート、非文字、範囲外の記号 w:sym）を、削除するか「\ufffd」に置き換えて読みました。該当箇所を Word で確認してください。",
             "{count} character(s) that cannot be displayed (control characters, surrogates, noncharacters, out-of-range w:sym symbols) were dropped or replaced with \"\ufffd\". Check those places in Word."),
    "W107": ("自動番号の表示が {limit} 文字を超えたため、{count} 段落で先頭 {limit} 文字だけを読みました。番号の書式（w:lvlText / w:numFmt）を確認してください。",
             "In {count} paragraph(s) the automatic number was longer than {limit} characters; only its first {limit} were read. Check the numbering format (w:lvlText / w:numFmt)."),
    # --- W12x-W13x: PDF loader
    "W121": ("PDF の末尾（%%EOF）がありません。ファイルが途中で切れている可能性があり、本文の一部を読めていないかもしれません。「なし」の判定は、元のファイルを取り寄せ直すか PDF を作り直して確かめてください。",
             "The PDF has no %%EOF marker: the file may be truncated and some of its text may not have been read. Check any \"missing\" verdict against a complete copy of the file, or make the PDF again."),
    "W122": ("{pages} ページを縦書きとして、右の行から左へ、各行を上から下へ読みました。判定に疑問があれば、その箇所を紙面で確かめてください。",
             "Page(s) {pages} were read as vertical writing: columns from right to left, each from top to bottom. If a verdict looks wrong, check that passage on the page."),
    "W123": ("{pages} ページは文字が回転して（{angle}）置かれていたため、向きを直して読みました。",
             "The text of page(s) {pages} is drawn rotated ({angle}); it was turned upright and read."),
    "W124": ("{pages} ページを段組み（最大 {columns} 段）として、段ごとに左の段から順に読みました。段をまたぐ文は段の切れ目でつないでいます。",
             "Page(s) {pages} were read as columns (up to {columns}), each column in turn from the left; a sentence running on into the next column is joined."),
    "W125": ("{pages} ページの注釈（テキストボックス）の文字を、置かれた位置で本文として読みました。注釈は後から PDF に書き込まれたもので、契約書の原本にない可能性があります。注釈にある条項は原本で確かめてください。",
             "Text in annotation text boxes on page(s) {pages} was read as part of the page where it stands. Annotations are added to a PDF afterwards and may not be in the signed original: check clauses found in them against it."),
    "W126": ("{pages} ページのフォーム入力欄の値を、置かれた位置で本文として読みました。入力欄の値は後から書き換えられます。原本で確かめてください。",
             "Values of form fields on page(s) {pages} were read as part of the page where they stand. Field values can be changed afterwards: check them against the original."),
    "W127": ("{pages} ページの斜めに置かれた文字（透かしなど）{count} 文字は読んでいません。斜めの文字に条項がある場合は検査されていません。",
             "{count} characters drawn at an angle (a watermark or stamp) on page(s) {pages} were not read; a clause written that way was not checked."),
    "W128": ("{pages} ページの注釈の {count} 文字はページの外に置かれていて表示されないため、読んでいません。注釈の位置を直すか、原本で確かめてください。",
             "{count} characters of an annotation on page(s) {pages} stand outside the page, where they are not shown, and were not read. Move the annotation onto the page, or check it against the original."),
    # --- W131-W139: OCR (scanned pages and image files)
    "W131": ("{pages} ページは文字の層がない画像のため、OCR（Tesseract）で読み取りました（平均信頼度 {confidence}%: {detail}）。OCR の読み違いがありえます。その本文による判定には「OCRで読み取り」と付けています。原本で確かめてください。",
             "Page(s) {pages} are images without a text layer and were read with OCR (Tesseract; mean confidence {confidence}%: {detail}). OCR can misread; verdicts on that text are marked \"read by OCR\". Check them against the original."),
    "W132": ("{pages} ページは OCR の信頼度が低く（{confidence}、基準 {threshold}%）、読み違いや読み落としが多いかもしれません。そのページにあるはずの条項の「なし」「不十分」は原本で確かめてください。",
             "OCR confidence is low on page(s) {pages} ({confidence}, threshold {threshold}%): the text may be misread or incomplete there. Check any \"missing\" or \"weak\" verdict for clauses on those pages against the original."),
    "W133": ("{pages} ページはスキャンの向き・傾き（{angle}）を直してから OCR で読みました。",
             "Page(s) {pages} were turned / straightened ({angle}) before OCR."),
    "W134": ("{pages} ページを縦書きとして OCR で読みました（右の行から左へ）。",
             "Page(s) {pages} were read with OCR as vertical writing (columns from the right)."),
    "W135": ("{pages} ページの押印・手書き・印影など、文字として読めない印 {count} 箇所は本文として読んでいません。",
             "{count} mark(s) on page(s) {pages} that are not text (seals, stamps, handwriting) were not read as text."),
    "W136": ("{pages} ページからは OCR で文字を読み取れませんでした（白紙、または文字のない画像）。文字のあるページなら、その部分は検査されていません。",
             "OCR found no text on page(s) {pages} (blank, or an image without text). If those pages do hold text, it was not checked."),
    "W137": ("{pages} ページは文字の層がない画像（スキャン）のため、読んでいません。そのページにある条項は検査されていません。{hint}。",
             "Page(s) {pages} are images without a text layer (scans) and were not read; clauses on them were not checked. {hint}."),
    # --- W14x: text loader
    "W141": ("文字コード {encoding} として読みました。",
             "Read as {encoding}."),
    # --- W3xx: analysis
    "W301": ("契約書ではないようです（条・当事者・契約を表す表題が見当たらず、7条項のどれも書かれていません）。条項の有無は判定していません。契約書なら、本文が正しく読めているか `keiyaku-lint outline` で確かめてください。",
             "This does not look like a contract (no articles, parties or contract title, and none of the clauses): no clause verdicts are given. If it is a contract, check with `keiyaku-lint outline` that its text was read correctly."),
    "W302": ("keiyaku-lint が出力した検査結果のファイルです。契約書ではないため検査していません。",
             "This is a report keiyaku-lint wrote, not a contract: it was not checked."),
    "W303": ("本文の約 {share}% が日本語以外（英語の別紙・訳文など）です。条項は日本語の部分で判定しています。日本語以外の部分にしか書かれていない条項は「なし」になりますので、その部分は目で確認してください。",
             "About {share}% of the text is not Japanese (an English annex or translation): the clauses were judged on the Japanese part. A clause written only in the other language shows as missing: check that part by eye."),
    "W305": ("文書が{where}の文の途中で終わっています（ページの抜粋か、途中で切れたファイルの可能性）。切れた後に書かれていたはずの内容は検査していません。全文のファイルで検査し直してください。",
             "The document ends in the middle of a sentence of {where} (a page excerpt, or a file cut short): whatever followed was not checked. Check the full document."),
    "W304": ("表題「{title}」から、秘密保持契約書のようです。業務委託契約の条項（再委託・事故報告など）で検査しています。秘密保持契約なら --profile nda で検査してください。",
             "The title 「{title}」 looks like a non-disclosure agreement, checked here for the outsourcing clauses (subcontracting, incident reporting, …). For an NDA, check with --profile nda."),
    # --- W4xx: configuration
    "W401": ("「{clause}」の例外承認（承認者 {approver}、{date} 承認）は {expires} で期限が切れているため、適用していません（{source}）。例外承認を更新するか、条項を直してください。",
             "The waiver for \"{clause_en}\" (approved by {approver} on {date}) expired on {expires} and no longer applies ({source}). Renew the waiver or fix the clause."),
}


class Bi(tuple):
    """A message field with a Japanese and an English form: ``Bi(ja, en)``.
    KeiyakuError.message picks the form of its language."""

    def __new__(cls, ja: str, en: Optional[str] = None):
        return super().__new__(cls, (str(ja), str(en if en is not None else ja)))

    def __getnewargs__(self):  # picklable across worker processes
        return (self[0], self[1])

    def get(self, lang: str = "ja") -> str:
        return self[1] if lang == "en" else self[0]

    def __str__(self) -> str:
        return self[1]


def _fields_for(fields: dict, lang: str) -> dict:
    return {k: (v.get(lang) if isinstance(v, Bi) else v) for k, v in fields.items()}


def notice(code: str, location=None, **fields):
    """A model.Notice with the catalogue's messages, fields filled in."""
    from keiyaku_lint.model import Notice

    if code not in NOTICES:
        raise ValueError(f"unknown notice code {code}")
    ja, en = NOTICES[code]

    def fill(template: str, lang: str) -> str:
        try:
            return template.format(**_fields_for(fields, lang))
        except (KeyError, IndexError):
            return template

    return Notice(code=code, message_ja=fill(ja, "ja"), message_en=fill(en, "en"), location=location)


class KeiyakuError(Exception):
    """An error the user can act on. Never shown with a traceback."""

    def __init__(self, code: str, **fields):
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code}")
        self.code = code
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "ja") -> str:
        ja, en = CATALOGUE[self.code]
        template = en if lang == "en" else ja
        try:
            return template.format(**_fields_for(self.fields, lang))
        except (KeyError, IndexError):
            return template

    def to_dict(self, lang: str = "ja") -> dict:
        return {"code": self.code, "message": self.message(lang)}

    def __reduce__(self):  # picklable across worker processes
        return (_rebuild, (type(self), self.code, self.fields))


def _rebuild(cls, code: str, fields: dict) -> "KeiyakuError":
    return cls(code, **fields)


class LoadError(KeiyakuError):
    """The file could not be turned into text."""


def format_error(err: KeiyakuError, lang: str = "ja", path: Optional[str] = None) -> str:
    return f"keiyaku-lint: [{err.code}] {err.message(lang)}"
