//! Errors for loading scenarios and rotas. Validation itself never fails: rule violations are data
//! in the [`Report`](crate::Report).

use thiserror::Error;

/// Bad input: a scenario or rota that cannot be loaded. Says what is wrong and where.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum InputError {
    /// The text is not valid JSON for the format (syntax, type, missing or unknown field).
    #[error("{}line {line}, column {column}: {message}", path_prefix(.path))]
    Json {
        /// JSON path such as `staff[3].competence` (empty at the root).
        path: String,
        /// What is wrong.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON is well-formed but a value is not acceptable.
    #[error("{path}: {message}")]
    Invalid {
        /// JSON path of the offending value.
        path: String,
        /// What is wrong.
        message: String,
    },
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{path}: ")
    }
}

impl InputError {
    /// An `Invalid` error at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The JSON path of the problem.
    pub fn path(&self) -> &str {
        match self {
            InputError::Json { path, .. } | InputError::Invalid { path, .. } => path,
        }
    }
}

/// Parses JSON into `T`, reporting the JSON path, line and column of the first problem.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|err| {
        let path = err.path().to_string();
        json_error(
            if path == "." { String::new() } else { path },
            err.into_inner(),
        )
    })?;
    // Reject trailing text after the document.
    de.end().map_err(|e| InputError::Json {
        path: String::new(),
        message: "unexpected text after the end of the JSON document".into(),
        line: e.line(),
        column: e.column(),
    })?;
    Ok(value)
}

fn json_error(path: String, inner: serde_json::Error) -> InputError {
    let text = strip_position(&inner.to_string());
    let message = match inner.classify() {
        serde_json::error::Category::Eof => {
            format!("unexpected end of input, is the file truncated? ({text})")
        }
        serde_json::error::Category::Syntax => format!("invalid JSON: {text}"),
        _ => text,
    };
    InputError::Json {
        path,
        message,
        line: inner.line(),
        column: inner.column(),
    }
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
