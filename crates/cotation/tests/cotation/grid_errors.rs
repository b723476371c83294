//! Every way a grid is refused, with the French message and the line it names.

use logis_cotation::Grid;

/// The only error of `text`, as "line: message".
fn refusal(text: &str) -> (usize, String) {
    let errors = Grid::parse(text).expect_err("the grid must be refused").0;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    (errors[0].line, errors[0].message.clone())
}

const HEAD: &str = "nom = \"Essai\"\nen_vigueur = 2024-01-01\n";

fn with_criterion(body: &str) -> String {
    format!("{HEAD}[[critere]]\n{body}\n")
}

fn assert_refused(text: &str, line: usize, expected: &[&str]) {
    let (found_line, message) = refusal(text);
    assert_eq!(found_line, line, "{message}");
    for part in expected {
        assert!(message.contains(part), "« {message} » ne contient pas « {part} »");
    }
}

#[test]
fn toml_syntax_error_names_its_line() {
    assert_refused(
        &format!("{HEAD}[[critere]]\ncode = \"a\nlibelle = \"b\"\n"),
        4,
        &["syntaxe TOML invalide"],
    );
}

#[test]
fn unknown_key_is_named_with_a_suggestion() {
    let text = with_criterion("code = \"a\"\nlibelle = \"A\"\npionts = 3");
    let errors = Grid::parse(&text).expect_err("refused").0;
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("ligne 3, colonne 1 : le nombre de points manque"),
        "{messages:?}"
    );
    assert!(messages[1].contains("clé `pionts` inconnue") && messages[1].contains("`points`"));
    assert_eq!(errors[1].line, 6);
}

#[test]
fn unknown_top_level_key() {
    assert_refused(
        &format!(
            "{HEAD}auteur = \"moi\"\n[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n"
        ),
        3,
        &["clé `auteur` inconnue en tête de grille"],
    );
}

#[test]
fn missing_name_and_date() {
    let errors = Grid::parse("[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n")
        .expect_err("refused")
        .0;
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("le nom de la grille manque")), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("la date d'entrée en vigueur manque")),
        "{messages:?}"
    );
}

#[test]
fn effective_date_must_be_a_date() {
    assert_refused(
        "nom = \"Essai\"\nen_vigueur = \"2024-01-01\"\n[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n",
        2,
        &["`en_vigueur` doit être une date sans guillemets"],
    );
}

#[test]
fn a_grid_without_criteria_is_refused() {
    assert_refused(HEAD, 1, &["la grille n'a aucun critère"]);
}

#[test]
fn criterion_code_must_be_a_plain_identifier() {
    assert_refused(
        &with_criterion("code = \"Âge élevé\"\nlibelle = \"A\"\npoints = 1"),
        4,
        &["code `Âge élevé` invalide"],
    );
}

#[test]
fn duplicate_codes_name_the_first_line() {
    let text = format!(
        "{HEAD}[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n[[critere]]\ncode = \"a\"\nlibelle = \"B\"\npoints = 2\n"
    );
    assert_refused(&text, 8, &["le code `a` est déjà celui du critère de la ligne 4"]);
}

#[test]
fn points_must_be_a_bounded_integer() {
    assert_refused(
        &with_criterion("code = \"a\"\nlibelle = \"A\"\npoints = 2.5"),
        6,
        &["`points` doit être un nombre entier, pas un nombre décimal"],
    );
    assert_refused(
        &with_criterion("code = \"a\"\nlibelle = \"A\"\npoints = 20000"),
        6,
        &["au plus 10000"],
    );
}

#[test]
fn unknown_variable_in_a_condition_is_located() {
    let text = with_criterion(
        "code = \"a\"\nlibelle = \"A\"\npoints = 1\nsi = \"dalo et situaton = hotel\"",
    );
    let errors = Grid::parse(&text).expect_err("refused").0;
    assert_eq!((errors[0].line, errors[0].column), (7, 15), "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("`situaton` n'est pas une donnée connue (vouliez-vous dire `situation` ?)")
    );
}

#[test]
fn unknown_code_lists_the_possible_codes() {
    assert_refused(
        &with_criterion("code = \"a\"\nlibelle = \"A\"\npoints = 1\nsi = \"situation = hotell\""),
        7,
        &[
            "`hotell` n'est pas un code de `situation` (vouliez-vous dire `hotel` ?)",
            "`sans_logement_propre`",
        ],
    );
}

#[test]
fn condition_grammar_errors_are_explained() {
    let cases = [
        ("dalo >= 2", "`dalo` est vrai ou faux"),
        ("taille_menage dans (1, 2)", "`taille_menage` est un nombre"),
        ("situation > hotel", "`situation` est un code : utilisez =, != ou dans"),
        ("taille_menage", "`taille_menage` doit être comparé à une valeur"),
        ("taille_menage >= quatre", "`quatre` n'est pas un nombre"),
        ("(dalo ou mutation", "parenthèse fermante `)` manquante"),
        ("dalo mutation", "`mutation` inattendu : reliez les conditions par `et` ou `ou`"),
        ("motif dans expulsion", "après `dans`, écrivez la liste entre parenthèses"),
        ("dalo et", "la condition s'arrête trop tôt"),
        ("dalo & mutation", "caractère `&` inattendu"),
        ("commune_souhaitee = 8203", "n'est pas un code commune INSEE"),
        ("", "`si` est vide"),
        ("et dalo", "`et` doit suivre une condition"),
        ("dalo)", "parenthèse fermante `)` sans parenthèse ouvrante"),
        ("situation = (hotel)", "une valeur était attendue ici"),
        ("motif dans (expulsion sante)", "la liste doit se fermer par `)`"),
        ("taille_menage >=", "il manque un nombre après `>=`"),
    ];
    for (condition, expected) in cases {
        let text = with_criterion(&format!(
            "code = \"a\"\nlibelle = \"A\"\npoints = 1\nsi = \"{condition}\""
        ));
        let (line, message) = refusal(&text);
        assert_eq!(line, 7, "{condition}: {message}");
        assert!(message.contains(expected), "{condition}: « {message} »");
    }
}

#[test]
fn per_unit_needs_a_number_and_cap_needs_per_unit() {
    assert_refused(
        &with_criterion("code = \"a\"\nlibelle = \"A\"\npoints = 1\npar = \"situation\""),
        7,
        &["`par` doit nommer une donnée chiffrée", "`anciennete_mois`"],
    );
    assert_refused(
        &with_criterion("code = \"a\"\nlibelle = \"A\"\npoints = 1\nplafond = 10"),
        7,
        &["`plafond` ne s'emploie qu'avec `par`"],
    );
    assert_refused(
        &with_criterion(
            "code = \"a\"\nlibelle = \"A\"\npoints = 1\npar = \"anciennete_mois\"\nplafond = 0",
        ),
        8,
        &["`plafond` doit être un nombre de points de 1 à"],
    );
}

#[test]
fn justification_has_two_values() {
    assert_refused(
        &with_criterion("code = \"a\"\nlibelle = \"A\"\npoints = 1\njustification = \"oui\""),
        7,
        &["justification `oui` inconnue"],
    );
}

#[test]
fn delays_are_months_per_typology() {
    let text = format!(
        "{HEAD}[delai_anormalement_long]\nmois = 24\nT7 = 30\n[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n"
    );
    assert_refused(&text, 5, &["clé `T7` inconnue dans [delai_anormalement_long]"]);
    let text = format!(
        "{HEAD}[delai_anormalement_long]\nmois = 0\n[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n"
    );
    assert_refused(&text, 4, &["un délai s'exprime en mois, de 1 à 240"]);
}

#[test]
fn transfer_part_is_checked_like_the_general_one() {
    let text = format!(
        "{HEAD}[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n[mutation]\nnote = \"x\"\n"
    );
    let errors = Grid::parse(&text).expect_err("refused").0;
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("ligne 7")
            && messages[0].contains("la partie `mutation` n'a aucun critère"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("ligne 8")
            && messages[1].contains("clé `note` inconnue dans [mutation]"),
        "{messages:?}"
    );
}

#[test]
fn wrong_types_are_named() {
    assert_refused(
        "nom = 3\nen_vigueur = 2024-01-01\n[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n",
        1,
        &["`nom` doit être un texte entre guillemets, pas un nombre entier"],
    );
    assert_refused(
        &format!("{HEAD}critere = 3\n"),
        3,
        &["`critere` doit être une suite de blocs `[[critere]]`"],
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let text = format!(
        "{HEAD}[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = \"beaucoup\"\nsi = \"dalo ou\"\n[[critere]]\nlibelle = \"B\"\npoints = 1\n"
    );
    let errors = Grid::parse(&text).expect_err("refused");
    assert_eq!(errors.0.len(), 3, "{errors}");
    let shown = errors.to_string();
    assert!(shown.starts_with("grille refusée : 3 problèmes"), "{shown}");
}

#[test]
fn common_syntax_errors_are_said_in_french() {
    let cases = [
        (format!("{HEAD}[[critere]]\ncode = \"a\nlibelle = \"b\"\n"), 4, "guillemet fermant"),
        (format!("{HEAD}[[critere]\ncode = \"a\"\n"), 3, "crochets"),
        (format!("{HEAD}[[critere]]\ncode = a\n"), 4, "un texte s'écrit entre guillemets"),
        (format!("{HEAD}nom = \"b\"\n"), 3, "clé en double"),
    ];
    for (text, line, expected) in cases {
        let (found, message) = refusal(&text);
        assert_eq!(found, line, "{message}");
        assert!(message.starts_with("syntaxe TOML invalide"), "{message}");
        assert!(message.contains(expected), "« {message} »");
    }
}

#[test]
fn a_criterion_needs_a_code_and_a_label() {
    let text = format!("{HEAD}[[critere]]\npoints = 1\n");
    let errors = Grid::parse(&text).expect_err("refused").0;
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().all(|m| m.starts_with("ligne 3")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("le code du critère manque : ajoutez `code = …`")));
    assert!(
        messages.iter().any(|m| m.contains("le libellé du critère manque : ajoutez `libelle = …`"))
    );
}

#[test]
fn sections_must_be_tables_and_parts_must_have_criteria() {
    let criterion = "[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npoints = 1\n";
    assert_refused(
        &format!("{HEAD}mutation = 3\n{criterion}"),
        3,
        &["`mutation` doit être une table, pas un nombre entier"],
    );
    assert_refused(
        &format!("{HEAD}delai_anormalement_long = 24\n{criterion}"),
        3,
        &["`delai_anormalement_long` doit être une table"],
    );
    assert_refused(&format!("{HEAD}critere = []\n"), 3, &["la grille n'a aucun critère"]);
}

#[test]
fn every_syntax_message_is_said_in_french() {
    let cases = [
        (format!("{HEAD}[[critere]]\ncode = 'a\n"), 4, "apostrophe fermante `'` manquante"),
        (format!("{HEAD}[mutation\n"), 3, "crochet mal fermé : `[mutation]`"),
        (format!("{HEAD}[[critere]]\ncode = [1, 2\n"), 4, "liste mal fermée"),
        (format!("{HEAD}[[critere]]\ncode \"a\"\n"), 4, "`=` attendu entre la clé et sa valeur"),
        (format!("{HEAD}[[critere]]\ncode = 2024-13-45\n"), 4, "date invalide : AAAA-MM-JJ"),
        (format!("{HEAD}[[critere]]\ncode = \"a\" \"b\"\n"), 4, "syntaxe TOML invalide"),
    ];
    for (text, line, expected) in cases {
        let (found, message) = refusal(&text);
        assert_eq!(found, line, "{message}");
        assert!(message.contains(expected), "« {message} »");
    }
}
