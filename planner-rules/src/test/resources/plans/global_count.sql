SELECT count(*) FROM customer WHERE c_birth_year IS NULL
