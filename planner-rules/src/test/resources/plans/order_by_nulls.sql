SELECT c_last_name, c_birth_year FROM customer ORDER BY c_birth_year DESC, c_last_name LIMIT 10 OFFSET 5
